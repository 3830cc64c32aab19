"""Claims (spans): highlight a range, join a colleague's highlight, restate, delete, and
re-attach or dismiss a claim a text revision orphaned."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from annotations import history, roles
from annotations.models import Article, Change, Evidence, Span, Verdict, check_range
from annotations.services.changes import record_change
from annotations.services.checks import check_fields, reject_forbidden_characters
from annotations.text import quote_context

GONE = "This claim was deleted meanwhile; reload the article."
RANGE_TAKEN = (
    "Another claim already highlights exactly these words: select the claim's new wording "
    "alone, or dismiss this claim and judge that one."
)
REATTACHED = "Re-attached after a text revision"
DISMISSED = "Orphaned claim dismissed: its words are gone from the revised text"


def require_offset(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError({name: "Must be a whole number."})
    return value


def selected_range(text: str, start: object, end: object, quote: str | None) -> tuple[int, int]:
    """A reader's selection checked against the text (`check_range`), whitespace at either
    edge trimmed: the range a claim gets."""
    start = require_offset("start", start)
    end = require_offset("end", end)
    check_range(text, start, end, quote)
    selected = text[start:end]
    if not selected.strip():
        raise ValidationError({"quote": "The selection is only whitespace."})
    return (
        start + len(selected) - len(selected.lstrip()),
        end - (len(selected) - len(selected.rstrip())),
    )


def span_create(
    *,
    user,
    article: Article,
    start: int,
    end: int,
    quote: str | None = None,
    claim: str = "",
    speaker: str = "",
) -> tuple[Span, bool]:
    """Highlight text[start:end] (code points of the stored text). Returns (span, created).

    `quote`, when given, must equal the text at the offsets: it catches a client whose copy of
    the text differs. Whitespace at either edge of the selection is trimmed. A second editor
    highlighting the same range joins the existing span (`span_join`).

    The span, its first highlighter and its history row are written in one transaction. When
    the insert fails, the range is looked up again: taken meanwhile means join it; otherwise
    the article went away, a 400. A new span comes back as `Span.objects.with_verdicts()`
    would load it (its creator its one highlighter, no verdicts), so callers can show it
    without reading it back.
    """
    roles.require_editor(user)
    if article.status == Article.Status.CLOSED:
        raise ValidationError({"article": "This article is closed to new claims."})
    text = article.text
    start, end = selected_range(text, start, end, quote)
    reject_forbidden_characters(claim=claim, speaker=speaker)

    prefix, quote_text, suffix = quote_context(text, start, end, width=Span.CONTEXT_WIDTH)
    span = Span(
        article=article,
        start=start,
        end=end,
        quote=quote_text,
        prefix=prefix,
        suffix=suffix,
        claim=claim,
        speaker=speaker,
        created_by=user,
    )
    check_fields(span, exclude=["prefix", "suffix", "article", "created_by"])
    # Inserting first lets the unique range constraint find a span made by someone else, even
    # one made a moment ago (a look first would not stop that race).
    try:
        with transaction.atomic():
            history.save(span, user=user)
            span.highlighters.add(user)
            record_change(
                Change.Kind.CLAIM_CREATED, article_id=article.pk, actor=user, span_id=span.pk
            )
    except IntegrityError:
        existing = Span.objects.filter(
            article=article, start=start, end=end, is_orphaned=False
        ).first()
        if existing is None:
            raise ValidationError(
                {"article": "This article was deleted meanwhile; nothing was stored."}
            ) from None
        return span_join(user=user, span=existing), False
    span.highlighter_list, span.verdict_list = [user], []
    return span, True


@transaction.atomic
def span_join(*, user, span: Span) -> Span:
    """Add the user to the people who highlighted this range; the history records who joined."""
    roles.require_editor(user)
    if not span.highlighters.filter(pk=user.pk).exists():
        span.highlighters.add(user)
        history.save(span, user=user, reason=f"Highlighted again by {user.get_username()}")
        # Not a new claim: its highlighters changed, which the reader shows.
        record_change(
            Change.Kind.CLAIM_CHANGED, article_id=span.article_id, actor=user, span_id=span.pk
        )
    return span


def require_span_change(user, span: Span) -> None:
    if not roles.can_change_span(user, span):
        raise PermissionDenied(
            "Only a moderator, or the editor who alone highlighted this claim, can change it."
        )


@transaction.atomic
def span_update(*, user, span: Span, claim: str | None = None, speaker: str | None = None) -> Span:
    """Restate the claim or name its speaker; None leaves a field as it is."""
    require_span_change(user, span)
    reject_forbidden_characters(claim=claim, speaker=speaker)
    if claim is not None and not claim.strip() and span.is_published():
        raise ValidationError(
            {"claim": "It is published as restated: reword it, or unpublish it to remove it."}
        )
    if claim is not None:
        span.claim = claim
    if speaker is not None:
        span.speaker = speaker
    check_fields(span, exclude=["prefix", "suffix", "article", "created_by", "moderated_by"])
    history.save(span, user=user)
    record_change(
        Change.Kind.CLAIM_CHANGED, article_id=span.article_id, actor=user, span_id=span.pk
    )
    return span


def lock_span(span: Span) -> Span:
    """The span's row as stored now, locked until the transaction ends.

    Every write that touches a claim and its verdicts locks the claim first, then its
    verdicts, then their evidence: writers that lock in one order never deadlock.
    """
    locked = Span.objects.select_for_update().filter(pk=span.pk).first()
    if locked is None:
        raise ValidationError({"span": GONE})
    return locked


@transaction.atomic
def span_delete(*, user, span: Span, reason: str = "") -> None:
    """Delete a claim and its verdicts; the history keeps their record (with `reason`).

    The permission is checked on the locked row and the verdicts stored now, so a verdict
    given a moment ago is never deleted by someone who could not have deleted it.
    """
    span = lock_span(span)
    require_span_change(user, span)
    verdicts = list(Verdict.objects.filter(span=span).select_for_update().order_by("pk"))
    for evidence in Evidence.objects.filter(verdict__in=verdicts).order_by("pk"):
        history.delete(evidence, user=user, reason=reason or "Claim deleted")
    for verdict in verdicts:
        history.delete(verdict, user=user, reason=reason or "Claim deleted")
    span_id = span.pk
    history.delete(span, user=user, reason=reason)
    record_change(
        Change.Kind.CLAIM_DELETED, article_id=span.article_id, actor=user, span_id=span_id
    )


def require_orphaned(span: Span) -> None:
    if not span.is_orphaned:
        raise ValidationError(
            {"span": "This claim is in the text: only a claim lost in a revision can be."}
        )


@transaction.atomic
def span_reattach(*, user, span: Span, start: int, end: int, quote: str | None = None) -> Span:
    """Put an orphaned claim back on the words a reviewer selected in the revised text.

    The claim keeps everything else: its verdicts, evidence, moderation and history. Its
    range, quote and context come from the selection, checked as a new claim's is
    (`selected_range`). One range holds one live claim, so a range another claim holds is
    refused (400) rather than merged: two claims with their own verdicts are for a moderator
    to reconcile, not a side effect of a selection.

    The article is locked before the claim (parent first, as a revision locks them), so a
    revision saved meanwhile cannot leave the claim on offsets of the older text.
    """
    article = Article.objects.select_for_update().filter(pk=span.article_id).first()
    if article is None:
        raise ValidationError({"article": "This article was deleted meanwhile."})
    span = lock_span(span)
    require_span_change(user, span)
    require_orphaned(span)
    start, end = selected_range(article.text, start, end, quote)
    span.start, span.end = start, end
    span.prefix, span.quote, span.suffix = quote_context(
        article.text, start, end, width=Span.CONTEXT_WIDTH
    )
    span.is_orphaned = False
    # Saving first lets the unique range constraint catch a claim made a moment ago too.
    try:
        with transaction.atomic():
            history.save(span, user=user, reason=REATTACHED)
            record_change(
                Change.Kind.CLAIM_CHANGED, article_id=article.pk, actor=user, span_id=span.pk
            )
    except IntegrityError:
        taken = Span.objects.filter(article=article, start=start, end=end, is_orphaned=False)
        if not taken.exclude(pk=span.pk).exists():
            raise
        raise ValidationError({"quote": RANGE_TAKEN}) from None
    return span


@transaction.atomic
def span_dismiss_orphan(*, user, span: Span) -> None:
    """Dismiss an orphaned claim: it is deleted with its verdicts and evidence (`span_delete`).

    Deleted rather than marked "dismissed", because that is what a fact-checker means by it:
    the words were taken out of the article (a correction, a cut), so the claim points at
    nothing a reader can see, and a claim kept alive would still count in the exports, the
    statistics and the moderation queue as if it were in the text. Nothing is lost for an
    audit: the history keeps the claim, its verdicts and evidence with who dismissed them
    and why (`DISMISSED`). The rules are `span_delete`'s: a moderator, or the editor who
    alone highlighted and judged it, so nobody dismisses a colleague's verdicts they could
    not delete. A published fact check is refused: a moderator unpublishes it first, so no
    public page disappears as a side effect.
    """
    span = lock_span(span)
    require_span_change(user, span)
    require_orphaned(span)
    if span.is_published():
        raise ValidationError(
            {"span": "This claim is published: unpublish it before dismissing it."}
        )
    span_delete(user=user, span=span, reason=DISMISSED)
