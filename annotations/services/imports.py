"""Bulk import of records in the JSONL export's format: every record, or none of them.

Records are articles, and spans with their verdicts, evidence and publication (see
annotations.jsonl_records). A span names its article by the `ref` (or the exported `id`) of an
article record earlier in the same import, or else by the id of an article already stored;
a span over a range already highlighted there joins that span, as `span_create` does.

Every record is checked first (annotations.services.import_plan): JSON, field types, the
models' field rules, offsets and quotes against the text, references, permissions. Any problem
is reported with its line (or, for a JSON array, its position), its field and a message, and
nothing is stored. Then everything is stored in one transaction with bulk inserts, with a
history row for every row written.

Two kinds of import share this code:

- **As an editor's own work** (`POST /api/imports/`, `import_records(..., restore=False)`):
  everything is stored as the caller's, now, under the same rules as one request at a time.
  Names in `created_by`, `highlighters`, `reviewer`, `moderated_by` and `published_by` must be
  the caller's (or absent); settling claims (`state`, `final_label`, `moderation_note`) and
  publishing them (`publication`) need the moderator role; timestamps, versions, revisions and
  slugs in the records are ignored, as the API ignores read-only fields sent back to it.
- **An administrator's restore** (`manage.py import_jsonl`, `restore=True`): the export comes
  back as it was, keeping usernames, timestamps, versions, moderation and publications. A
  username the database does not know becomes an account that is inactive, has no usable
  password and no role: an import never gives anyone access, an administrator activates the
  accounts they want.
"""

import datetime
import gc
import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from annotations import bulk_insert, history, roles
from annotations.claim_index import index_later
from annotations.jsonl_records import LineProblem, decode_line, require_object
from annotations.models import (
    Article,
    ClaimLink,
    Evidence,
    ImportReceipt,
    Publication,
    Span,
    Verdict,
)
from annotations.services.changes import record_article_changes
from annotations.services.import_links import link_rows
from annotations.services.import_plan import plan_import
from annotations.services.import_rows import (
    ImportPlan,
    ImportRejected,
    NumberedRecords,
    PlannedSpan,
    Problem,
    StampedRow,
)

BATCH_SIZE = 1000
# How long a retry with the same Idempotency-Key gets the first answer back.
RECEIPT_LIFETIME = datetime.timedelta(hours=24)

User = get_user_model()

__all__ = [
    "IdempotencyKeyReused",
    "ImportRejected",
    "ImportResult",
    "Problem",
    "import_jsonl",
    "import_once",
    "import_records",
    "records_of_body",
]


class IdempotencyKeyReused(Exception):
    """The Idempotency-Key was used before with a different body (422)."""


@dataclass
class ImportResult:
    """What was stored: each article and span with its line and id, and how many of each."""

    articles: list[dict] = field(default_factory=list)
    spans: list[dict] = field(default_factory=list)
    verdicts: int = 0
    evidence: int = 0
    publications: int = 0
    links: int = 0
    new_users: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "articles": self.articles,
            "spans": self.spans,
            "counts": {
                "articles": len(self.articles),
                "spans": sum(1 for span in self.spans if span["created"]),
                "joined": sum(1 for span in self.spans if not span["created"]),
                "verdicts": self.verdicts,
                "evidence": self.evidence,
                "publications": self.publications,
                "links": self.links,
            },
        }


def jsonl_records(lines: Iterable[str | bytes]) -> Iterator[tuple[int, dict | LineProblem]]:
    """The records of JSONL text, numbered by line; blank lines are skipped."""
    for number, line in enumerate(lines, start=1):
        try:
            record = decode_line(line)
        except LineProblem as problem:
            yield number, problem
            continue
        if record is not None:
            yield number, record


def array_records(items: list) -> Iterator[tuple[int, dict | LineProblem]]:
    """The records of a JSON array, numbered by position from 1."""
    for number, item in enumerate(items, start=1):
        try:
            yield number, require_object(item)
        except LineProblem as problem:
            yield number, problem


def import_jsonl(lines: Iterable[str | bytes], *, imported_by=None, source: str = ""):
    """An administrator's restore of a JSONL export (`manage.py import_jsonl`)."""
    reason = f"Imported from {source}" if source else "Imported"
    return import_records(jsonl_records(lines), user=imported_by, restore=True, reason=reason)


def import_records(
    records: Iterable[tuple[int, dict | LineProblem]],
    *,
    user,
    restore: bool = False,
    reason: str = "Imported",
) -> ImportResult:
    """Check every record, then store them all in one transaction; raises ImportRejected.

    A span inserted meanwhile by someone else over a range this import creates makes the
    insert fail: the import is then planned again (it joins that span) and stored once more.
    """
    if not restore:
        roles.require_editor(user)
    with collector_paused():
        numbered = list(records)
        for last_try in (False, True):
            try:
                return _store(
                    plan_import(numbered, user=user, restore=restore), user=user, reason=reason
                )
            except IntegrityError as error:
                if last_try:
                    refused = Problem(0, "", f"The database refused the import: {error}")
                    raise ImportRejected([refused]) from None


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for the block, then as it was.

    An import makes hundreds of thousands of objects (records, rows, SQL values) that all
    live until it ends; the collector would walk them again every few hundred allocations,
    a third of a 2,000-claim import. Nothing is lost: what the block leaves unreachable is
    collected once the collector runs again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_once(
    records: Iterable[tuple[int, dict | LineProblem]],
    *,
    user,
    key: str,
    body: bytes,
    reason: str,
) -> tuple[dict, bool]:
    """An editor's import sent with an Idempotency-Key: (the answer, whether it is a replay).

    The first request with a key imports and keeps its answer with the key, in the same
    transaction; a retry with the same body gets that answer and imports nothing. The same key
    with another body raises IdempotencyKeyReused. Keys are kept for RECEIPT_LIFETIME.
    """
    digest = hashlib.sha256(body).hexdigest()
    if (answer := _receipt(user, key, digest)) is not None:
        return answer, True
    try:
        with transaction.atomic():
            ImportReceipt.objects.filter(created_at__lt=timezone.now() - RECEIPT_LIFETIME).delete()
            # The key is taken first: a retry sent while this runs waits for it on the unique
            # constraint (or for the write lock, on SQLite), then finds its answer.
            receipt = ImportReceipt.objects.create(
                user=user, key=key, body_sha256=digest, result={}
            )
            receipt.result = import_records(records, user=user, reason=reason).as_json()
            receipt.save(update_fields=["result"])
    except IntegrityError:
        if (answer := _receipt(user, key, digest)) is not None:
            return answer, True
        raise
    return receipt.result, False


def _receipt(user, key: str, digest: str) -> dict | None:
    receipt = ImportReceipt.objects.filter(
        user=user, key=key, created_at__gte=timezone.now() - RECEIPT_LIFETIME
    ).first()
    if receipt is None:
        return None
    if receipt.body_sha256 != digest:
        raise IdempotencyKeyReused(
            "This Idempotency-Key was used with a different body; use a new key for new data."
        )
    return receipt.result


@transaction.atomic
def _store(plan: ImportPlan, *, user, reason: str) -> ImportResult:
    result = ImportResult()
    users = _users(plan, result)

    def insert(model, stamped_rows: list[StampedRow]) -> list:
        # Parents are stored first; each row takes its parents' new ids from them. A row
        # keeps the times a restore gives it; the others are stamped now.
        for stamped in stamped_rows:
            for attribute, username in stamped.users.items():
                setattr(stamped.row, attribute, users.get(username))
            stamped.row.created_at = stamped.created_at
            stamped.row.updated_at = stamped.updated_at
        rows = bulk_insert.insert_rows(model, [stamped.row for stamped in stamped_rows])
        history.record_bulk(model, rows, user=user, reason=reason)
        return rows

    insert(Article, [stamped for _, stamped in plan.articles.values()])
    insert(Span, [planned.stamped for planned in plan.spans if planned.stamped])
    joined = [planned for planned in plan.spans if planned.stamped is None]
    _store_highlighters(plan, joined, users, user=user)
    verdicts = insert(Verdict, [stamped for planned in plan.spans for stamped in planned.verdicts])
    bulk_insert.insert_rows(Evidence, plan.evidence)
    history.record_bulk(Evidence, plan.evidence, user=user, reason=reason)
    publications = insert(
        Publication, [planned.publication for planned in plan.spans if planned.publication]
    )
    result.links = len(insert(ClaimLink, link_rows(plan)))
    # One change per article the import stored claims in, for the live updates; no webhook
    # events (see record_article_changes).
    record_article_changes([planned.span.article_id for planned in plan.spans], actor=user)
    index_later([planned.span.pk for planned in plan.spans])

    result.articles = [
        {"line": line, "ref": ref, "id": stamped.row.pk}
        for ref, (line, stamped) in plan.articles.items()
    ]
    result.spans = [
        {
            "line": planned.line,
            "id": planned.span.pk,
            "created": planned.stamped is not None,
            "verdicts": [stamped.row.pk for stamped in planned.verdicts],
        }
        for planned in plan.spans
    ]
    result.verdicts, result.evidence = len(verdicts), len(plan.evidence)
    result.publications = len(publications)
    return result


def _store_highlighters(plan: ImportPlan, joined: list[PlannedSpan], users: dict, *, user) -> None:
    """Each span's highlighters; on a joined span, those not on it yet, recorded as joining."""
    Through = Span.highlighters.through
    present = set(
        Through.objects.filter(span_id__in=[planned.span.pk for planned in joined]).values_list(
            "span_id", "user_id"
        )
    )
    rows, rejoined = [], {}
    for planned in plan.spans:
        for name in planned.highlighters:
            pair = (planned.span.pk, users[name].pk)
            if pair not in present:
                present.add(pair)
                rows.append(Through(span_id=pair[0], user_id=pair[1]))
                if planned.stamped is None:
                    rejoined.setdefault(name, []).append(planned.span)
    bulk_insert.insert_rows(Through, rows)
    for name, spans in rejoined.items():
        history.record_bulk(
            Span,
            spans,
            user=user,
            reason=f"Highlighted again by {name}",
            changed=True,
        )


def _users(plan: ImportPlan, result: ImportResult) -> dict[str, User]:
    if not plan.restore:
        return {plan.user.get_username(): plan.user}
    names = plan.usernames()
    users = {user.get_username(): user for user in User.objects.filter(username__in=names)}
    missing = []
    for name in sorted(names - set(users)):
        user = User(username=name, is_active=False)
        user.set_unusable_password()
        missing.append(user)
    for user in User.objects.bulk_create(missing, batch_size=BATCH_SIZE):
        users[user.get_username()] = user
    result.new_users = [user.get_username() for user in missing]
    return users


def records_of_body(body: bytes, content_type: str) -> NumberedRecords:
    """The records of a request body: JSONL, or a JSON array of the same records."""
    if content_type == "application/json":
        try:
            items = json.loads(body)
        except (ValueError, RecursionError) as error:
            not_json = Problem(0, "", f"The body is not valid JSON ({error}).")
            raise ImportRejected([not_json]) from None
        if not isinstance(items, list):
            raise ImportRejected([Problem(0, "", "A JSON body must be an array of records.")])
        return list(array_records(items))
    return list(jsonl_records(body.splitlines()))
