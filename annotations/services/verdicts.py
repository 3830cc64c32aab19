"""Verdicts and their evidence: a reviewer judges a claim, corrects it, withdraws it.

Every write that changes a verdict's evidence locks the verdict's row first (see
`lock_verdict`), so two requests on one verdict wait for each other instead of deadlocking.
"""

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from annotations import history, roles
from annotations.models import Article, Change, Evidence, Span, Verdict
from annotations.services.changes import record_change
from annotations.services.checks import check_fields, reject_forbidden_characters, require_label
from annotations.services.errors import StaleVersion, VerdictExists
from annotations.services.spans import GONE, span_create

MAX_EVIDENCE_PER_VERDICT = 20
ALREADY_JUDGED = "You already gave a verdict on this claim."


def evidence_items(evidence: Iterable[Mapping]) -> list[Evidence]:
    """Unsaved Evidence rows from the links a reviewer sent, each checked (400 naming it)."""
    items = list(evidence)
    if len(items) > MAX_EVIDENCE_PER_VERDICT:
        raise ValidationError(
            {"evidence": f"At most {MAX_EVIDENCE_PER_VERDICT} evidence links per verdict."}
        )
    built = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            raise ValidationError({"evidence": f"Item {number} must be an object with a url."})
        fields = {key: item.get(key, "") for key in ("url", "title", "note")}
        try:
            reject_forbidden_characters(**fields)
            candidate = Evidence(**fields)
            check_fields(candidate, exclude=["verdict"])
        except ValidationError as error:
            raise ValidationError(
                {
                    "evidence": [
                        f"Item {number}, {field}: {' '.join(messages)}"
                        for field, messages in error.message_dict.items()
                    ]
                }
            ) from None
        built.append(candidate)
    return built


def require_verdict_change(user, verdict: Verdict) -> None:
    """The rule: an editor changes only their own verdict; a moderator changes anyone's."""
    if not roles.can_change_verdict(user, verdict):
        raise PermissionDenied("You can change only your own verdicts.")


def lock_verdict(verdict: Verdict) -> Verdict:
    """The verdict's row as stored now, locked until the transaction ends, with its claim
    (read, not locked: its article is what the change log names)."""
    locked = (
        Verdict.objects.select_related("span")
        .select_for_update(of=("self",))
        .filter(pk=verdict.pk)
        .first()
    )
    if locked is None:
        raise ValidationError({"verdict": "This verdict was withdrawn meanwhile."})
    return locked


def record_verdict_change(verdict: Verdict, *, user, kind=Change.Kind.VERDICT_SAVED) -> None:
    """The change log's row for a verdict (its claim loaded: `lock_verdict`, or given)."""
    record_change(
        kind,
        article_id=verdict.span.article_id,
        actor=user,
        span_id=verdict.span_id,
        object_id=verdict.pk,
    )


def verdict_create(
    *,
    user,
    span: Span,
    label: str,
    rationale: str = "",
    evidence: Iterable[Mapping] = (),
) -> Verdict:
    """Judge a claim. Raises VerdictExists (with the stored one) if this reviewer already did.

    The verdict, its evidence and their history rows are written in one transaction. When
    the insert fails, the reason is looked up: an earlier verdict by this reviewer is a 409,
    a claim deleted meanwhile a 400. The verdict comes back with `evidence_list` as
    `Span.objects.with_verdicts()` would load it, so callers can show it without reading it.
    """
    roles.require_editor(user)
    require_label(label)
    reject_forbidden_characters(rationale=rationale)
    items = evidence_items(evidence)
    verdict = Verdict(span=span, reviewer=user, label=label, rationale=rationale)
    check_fields(verdict, exclude=["span", "reviewer"])
    try:
        with transaction.atomic():
            history.save(verdict, user=user)
            for item in items:
                item.verdict = verdict
                history.save(item, user=user)
            record_verdict_change(verdict, user=user)
    except IntegrityError:
        existing = Verdict.objects.filter(span_id=span.pk, reviewer=user).first()
        if existing is not None:
            raise VerdictExists(ALREADY_JUDGED, existing=existing) from None
        if not Span.objects.filter(pk=span.pk).exists():
            raise ValidationError({"span": GONE}) from None
        raise
    verdict.evidence_list = items
    return verdict


@transaction.atomic
def span_create_judged(
    *,
    user,
    article: Article,
    start: int,
    end: int,
    verdict: Mapping,
    quote: str | None = None,
    claim: str = "",
    speaker: str = "",
) -> tuple[Span, bool, Verdict]:
    """Highlight a claim and give the user's verdict on it: a labelled claim in one request.

    Returns (span, span created, verdict). `verdict` holds label, rationale and evidence as
    verdict_create takes them; their errors name `verdict.<field>`. Joining a span the user
    has judged already raises VerdictExists (409), and then nothing is stored, not even the
    join: the span and the verdict are one transaction.
    """
    span, created = span_create(
        user=user, article=article, start=start, end=end, quote=quote, claim=claim, speaker=speaker
    )
    try:
        given = verdict_create(user=user, span=span, **verdict)
    except ValidationError as error:
        raise ValidationError(
            {f"verdict.{name}": messages for name, messages in error.message_dict.items()}
        ) from None
    return span, created, given


@transaction.atomic
def verdict_update(
    *,
    user,
    verdict: Verdict,
    label: str | None = None,
    rationale: str | None = None,
    evidence: Iterable[Mapping] | None = None,
    expected_version: int | None = None,
) -> Verdict:
    """Change a verdict. None leaves a field as it is; `evidence` replaces the whole list.

    With `expected_version`, raises StaleVersion if someone changed it since (optimistic lock).
    """
    require_verdict_change(user, verdict)
    verdict = lock_verdict(verdict)
    if expected_version is not None and expected_version != verdict.version:
        raise StaleVersion(current_version=verdict.version)
    if label is not None:
        verdict.label = require_label(label)
    if rationale is not None:
        reject_forbidden_characters(rationale=rationale)
        verdict.rationale = rationale
    items = evidence_items(evidence) if evidence is not None else None
    check_fields(verdict, exclude=["span", "reviewer"])
    verdict.version += 1
    corrected = verdict.reviewer_id != user.pk
    history.save(verdict, user=user, reason="Corrected by a moderator" if corrected else "")
    if items is not None:
        for old in Evidence.objects.filter(verdict=verdict).order_by("pk"):
            history.delete(old, user=user)
        for item in items:
            item.verdict = verdict
            history.save(item, user=user)
    record_verdict_change(verdict, user=user)
    return verdict


def verdict_set(
    *,
    user,
    span: Span,
    label: str,
    rationale: str | None = None,
    evidence: Iterable[Mapping] | None = None,
    expected_version: int | None = None,
) -> tuple[Verdict, bool]:
    """Create or update the user's own verdict on a claim (what a click in the reader does).

    Returns (verdict, created). Its one write is verdict_create or verdict_update, each
    atomic. Without `expected_version` the reviewer saw no verdict of theirs, so the insert is
    tried first, saving a look-up on the common first click (the unique constraint finds a
    verdict they gave meanwhile, which is then updated); with it, their verdict is looked up.
    """
    existing = None
    if expected_version is not None:
        existing = Verdict.objects.filter(span=span, reviewer=user).first()
    if existing is None:
        try:
            created = verdict_create(
                user=user,
                span=span,
                label=label,
                rationale=rationale or "",
                evidence=evidence or (),
            )
            return created, True
        except VerdictExists as exists:
            existing = exists.existing
    updated = verdict_update(
        user=user,
        verdict=existing,
        label=label,
        rationale=rationale,
        evidence=evidence,
        expected_version=expected_version,
    )
    return updated, False


@transaction.atomic
def verdict_delete(*, user, verdict: Verdict) -> None:
    require_verdict_change(user, verdict)
    verdict = lock_verdict(verdict)
    # Recorded first: a webhook shows the verdict withdrawn as it was, with its evidence.
    record_verdict_change(verdict, user=user, kind=Change.Kind.VERDICT_DELETED)
    for evidence in Evidence.objects.filter(verdict=verdict).order_by("pk"):
        history.delete(evidence, user=user, reason="Verdict withdrawn")
    history.delete(verdict, user=user)


def bump_version(verdict: Verdict, *, user, reason: str) -> None:
    """A change to a verdict's evidence is a new version of the verdict (its ETag changes)."""
    verdict.version += 1
    history.save(verdict, user=user, reason=reason)
    record_verdict_change(verdict, user=user)


@transaction.atomic
def evidence_add(*, user, verdict: Verdict, url: str, title: str = "", note: str = "") -> Evidence:
    require_verdict_change(user, verdict)
    verdict = lock_verdict(verdict)
    if Evidence.objects.filter(verdict=verdict).count() >= MAX_EVIDENCE_PER_VERDICT:
        raise ValidationError(
            {"url": f"At most {MAX_EVIDENCE_PER_VERDICT} evidence links per verdict."}
        )
    reject_forbidden_characters(url=url, title=title, note=note)
    evidence = Evidence(verdict=verdict, url=url, title=title, note=note)
    check_fields(evidence, exclude=["verdict"])
    history.save(evidence, user=user)
    bump_version(verdict, user=user, reason="Evidence added")
    return evidence


@transaction.atomic
def evidence_remove(*, user, evidence: Evidence) -> None:
    require_verdict_change(user, evidence.verdict)
    verdict = lock_verdict(evidence.verdict)
    history.delete(evidence, user=user)
    bump_version(verdict, user=user, reason="Evidence removed")


@transaction.atomic
def evidence_update(
    *,
    user,
    evidence: Evidence,
    url: str | None = None,
    title: str | None = None,
    note: str | None = None,
) -> Evidence:
    """Correct one evidence link in place. None leaves a field as it is."""
    require_verdict_change(user, evidence.verdict)
    verdict = lock_verdict(evidence.verdict)
    changes = {
        name: value
        for name, value in {"url": url, "title": title, "note": note}.items()
        if value is not None
    }
    reject_forbidden_characters(**changes)
    for name, value in changes.items():
        setattr(evidence, name, value)
    check_fields(evidence, exclude=["verdict"])
    corrected = verdict.reviewer_id != user.pk
    history.save(evidence, user=user, reason="Corrected by a moderator" if corrected else "")
    bump_version(verdict, user=user, reason="Evidence changed")
    return evidence
