"""Import a JSONL export (see annotations.exports) into the database: all of it, or nothing.

Every line is checked first: JSON, field types, the models' field rules, offsets and quotes
against the article's text, references between lines. Any problem is reported with its line
number and nothing is stored. Then the whole file is stored in one transaction, keeping the
exported timestamps, version numbers and moderation decisions, with a history record
"Imported from <file>" for every row.

Users are matched by username. A username the database does not know becomes a new account
that is inactive, has no usable password and no role: an import never gives anyone access,
an administrator activates the accounts they want.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.dateparse import parse_date

from annotations import history
from annotations.jsonl_records import (
    ARTICLE_FIELDS,
    EVIDENCE_FIELDS,
    SPAN_FIELDS,
    VERDICT_FIELDS,
    LineProblem,
    check_types,
    decode_line,
    parsed_timestamp,
    parsed_value,
    raise_if,
)
from annotations.models import MAX_TEXT_LENGTH, Article, Evidence, Span, Verdict, check_range
from annotations.text import normalize_text, text_sha256

BATCH_SIZE = 1000

User = get_user_model()


class ImportRejected(Exception):
    """The file cannot be imported; `problems` holds (line number, message) pairs."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"line {number}: {message}" for number, message in problems))


@dataclass
class ImportSummary:
    articles: int = 0
    spans: int = 0
    verdicts: int = 0
    evidence: int = 0
    new_users: list[str] = field(default_factory=list)


@dataclass
class _Stamped:
    """An unsaved row, the usernames it refers to, and its exported timestamps."""

    row: Article | Span | Verdict
    users: dict[str, str | None]
    created_at: datetime.datetime | None
    updated_at: datetime.datetime | None


@dataclass
class _Plan:
    articles: dict[int, _Stamped] = field(default_factory=dict)
    spans: list[_Stamped] = field(default_factory=list)
    highlighters: list[tuple[Span, list[str]]] = field(default_factory=list)
    verdicts: list[_Stamped] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    article_lines: dict[str, int] = field(default_factory=dict)
    ranges: set[tuple[int, int, int]] = field(default_factory=set)

    def usernames(self) -> set[str]:
        names = {name for _, people in self.highlighters for name in people}
        for stamped in (*self.articles.values(), *self.spans, *self.verdicts):
            names.update(name for name in stamped.users.values() if name)
        return names


def import_jsonl(
    lines: Iterable[str | bytes], *, imported_by=None, source: str = ""
) -> ImportSummary:
    """Check every line, then store them all in one transaction; raises ImportRejected."""
    plan, problems = _Plan(), []
    for number, line in enumerate(lines, start=1):
        try:
            _plan_line(plan, decode_line(line), number)
        except LineProblem as problem:
            problems.append((number, str(problem)))
    stored = Article.objects.filter(text_sha256__in=plan.article_lines).values_list(
        "text_sha256", "pk"
    )
    problems.extend(
        (plan.article_lines[digest], f"This text is already stored as article {pk}.")
        for digest, pk in stored
    )
    problems.extend(_check_usernames(plan))
    if problems:
        raise ImportRejected(sorted(problems))
    reason = f"Imported from {source}" if source else "Imported"
    try:
        return _store(plan, imported_by=imported_by, reason=reason)
    except IntegrityError as error:
        raise ImportRejected([(0, f"The database refused the import: {error}")]) from None


def _plan_line(plan: _Plan, record: dict | None, number: int) -> None:
    if record is None:
        return
    kind = record.get("type")
    if kind == "article":
        _plan_article(plan, record, number)
    elif kind == "span":
        _plan_span(plan, record)
    else:
        raise LineProblem('"type" must be "article" or "span"')


def _validate(instance, exclude: list[str], problems: list[str], where: str = "") -> None:
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as error:
        problems.extend(
            f"{where}{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )


def _plan_article(plan: _Plan, record: dict, number: int) -> None:
    raise_if(check_types(record, ARTICLE_FIELDS))
    problems = []
    text = record["text"]
    if normalize_text(text) != text:
        problems.append("text: not in canonical form (normalised as the app stores it)")
    if not text or len(text) > MAX_TEXT_LENGTH:
        problems.append(f"text: must have 1 to {MAX_TEXT_LENGTH:,} characters")
    digest = text_sha256(text)
    if record.get("text_sha256", digest) != digest:
        problems.append("text_sha256: does not match the text")
    if digest in plan.article_lines:
        problems.append("text: the same text is on an earlier line")
    if record["id"] in plan.articles:
        problems.append(f"id: article {record['id']} is on an earlier line")
    article = Article(
        title=record["title"],
        text=text,
        text_sha256=digest,
        source=record.get("source", ""),
        url=record.get("url", ""),
        byline=record.get("byline", ""),
        language=record.get("language", "en"),
        status=record.get("status", Article.Status.OPEN),
        revision=record.get("revision", 1),
        published=parsed_value(record, "published", parse_date, problems),
    )
    created_at = parsed_timestamp(record, "created_at", problems)
    updated_at = parsed_timestamp(record, "updated_at", problems)
    _validate(article, ["created_by"], problems)
    raise_if(problems)
    plan.article_lines[digest] = number
    plan.articles[record["id"]] = _Stamped(
        article, {"created_by": record.get("created_by")}, created_at, updated_at
    )


def _plan_span(plan: _Plan, record: dict) -> None:
    raise_if(check_types(record, SPAN_FIELDS))
    problems = []
    stamped_article = plan.articles.get(record["article"])
    if stamped_article is None:
        raise LineProblem(f"article: no article {record['article']} on an earlier line")
    article = stamped_article.row
    highlighters = record.get("highlighters", [])
    if not all(isinstance(name, str) for name in highlighters):
        problems.append("highlighters: must be a list of usernames")
    span = Span(
        article=article,
        start=record["start"],
        end=record["end"],
        quote=record["quote"],
        prefix=record.get("prefix", ""),
        suffix=record.get("suffix", ""),
        claim=record.get("claim", ""),
        speaker=record.get("speaker", ""),
        is_orphaned=record.get("is_orphaned", False),
        state=record.get("state", Span.State.PENDING),
        final_label=record.get("final_label") or "",
        moderation_note=record.get("moderation_note", ""),
        moderated_at=parsed_timestamp(record, "moderated_at", problems),
    )
    _validate(span, ["article", "created_by", "moderated_by"], problems)
    # What the database's constraints hold for every span, orphaned ones too; a live span
    # must also match the text (the one rule for that, as in span_create).
    if not 0 <= span.start < span.end:
        problems.append("end: must be greater than start, which must be 0 or more")
    elif span.end != span.start + len(span.quote):
        problems.append("quote: must be end - start characters long")
    elif not span.is_orphaned:
        try:
            check_range(article.text, span.start, span.end, span.quote)
        except ValidationError as error:
            problems.extend(
                f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
            )
        key = (record["article"], span.start, span.end)
        if key in plan.ranges:
            problems.append("start: the same range of this article is on an earlier line")
        plan.ranges.add(key)
    created_at = parsed_timestamp(record, "created_at", problems)
    updated_at = parsed_timestamp(record, "updated_at", problems)
    verdicts = _plan_verdicts(span, record.get("verdicts", []), problems)
    raise_if(problems)
    users = {"created_by": record.get("created_by"), "moderated_by": record.get("moderated_by")}
    plan.spans.append(_Stamped(span, users, created_at, updated_at))
    plan.highlighters.append((span, highlighters))
    for stamped, evidence in verdicts:
        plan.verdicts.append(stamped)
        plan.evidence.extend(evidence)


def _plan_verdicts(span: Span, records: list, problems: list[str]):
    planned, reviewers = [], set()
    for number, record in enumerate(records, start=1):
        where = f"verdict {number}, "
        if not isinstance(record, dict):
            problems.append(f"{where}must be an object")
            continue
        verdict_problems = check_types(record, VERDICT_FIELDS, where)
        if verdict_problems:
            problems.extend(verdict_problems)
            continue
        if record["reviewer"] in reviewers:
            problems.append(f"{where}reviewer: {record['reviewer']} has an earlier verdict here")
        reviewers.add(record["reviewer"])
        verdict = Verdict(
            span=span,
            label=record["label"],
            rationale=record.get("rationale", ""),
            version=record.get("version", 1),
        )
        _validate(verdict, ["span", "reviewer"], problems, where)
        created_at = parsed_timestamp(record, "created_at", problems, where)
        updated_at = parsed_timestamp(record, "updated_at", problems, where)
        evidence = []
        for item_number, item in enumerate(record.get("evidence", []), start=1):
            item_where = f"{where}evidence {item_number}, "
            if not isinstance(item, dict):
                problems.append(f"{item_where}must be an object")
                continue
            item_problems = check_types(item, EVIDENCE_FIELDS, item_where)
            if not item_problems:
                candidate = Evidence(verdict=verdict, **item)
                _validate(candidate, ["verdict"], item_problems, item_where)
                evidence.append(candidate)
            problems.extend(item_problems)
        users = {"reviewer": record["reviewer"]}
        planned.append((_Stamped(verdict, users, created_at, updated_at), evidence))
    return planned


def _check_usernames(plan: _Plan) -> list[tuple[int, str]]:
    field_ = User._meta.get_field(User.USERNAME_FIELD)
    problems = []
    for name in sorted(plan.usernames()):
        try:
            field_.run_validators(name)
        except ValidationError as error:
            problems.append((0, f"username {name!r}: {' '.join(error.messages)}"))
    return problems


@transaction.atomic
def _store(plan: _Plan, *, imported_by, reason: str) -> ImportSummary:
    summary = ImportSummary()
    users = _users(plan.usernames(), summary)

    def insert(model, stamped_rows: list[_Stamped]) -> None:
        # Parents are saved first; bulk_create takes their new ids from the related objects.
        for stamped in stamped_rows:
            for attribute, username in stamped.users.items():
                setattr(stamped.row, attribute, users.get(username))
        rows = model.objects.bulk_create(
            [stamped.row for stamped in stamped_rows], batch_size=BATCH_SIZE
        )
        # bulk_create stamps "now" (auto_now_add); put the exported times back.
        for stamped in stamped_rows:
            stamped.row.created_at = stamped.created_at or stamped.row.created_at
            stamped.row.updated_at = stamped.updated_at or stamped.row.updated_at
        model.objects.bulk_update(rows, ["created_at", "updated_at"], batch_size=BATCH_SIZE)
        history.record_bulk(model, rows, user=imported_by, reason=reason)

    insert(Article, list(plan.articles.values()))
    insert(Span, plan.spans)
    Span.highlighters.through.objects.bulk_create(
        [
            Span.highlighters.through(span_id=span.pk, user_id=users[name].pk)
            for span, names in plan.highlighters
            for name in names
        ],
        batch_size=BATCH_SIZE,
    )
    insert(Verdict, plan.verdicts)
    Evidence.objects.bulk_create(plan.evidence, batch_size=BATCH_SIZE)
    history.record_bulk(Evidence, plan.evidence, user=imported_by, reason=reason)
    summary.articles, summary.spans = len(plan.articles), len(plan.spans)
    summary.verdicts, summary.evidence = len(plan.verdicts), len(plan.evidence)
    return summary


def _users(names: set[str], summary: ImportSummary) -> dict[str, User]:
    users = {user.get_username(): user for user in User.objects.filter(username__in=names)}
    missing = []
    for name in sorted(names - set(users)):
        user = User(username=name, is_active=False)
        user.set_unusable_password()
        missing.append(user)
    for user in User.objects.bulk_create(missing, batch_size=BATCH_SIZE):
        users[user.get_username()] = user
    summary.new_users = [user.get_username() for user in missing]
    return users
