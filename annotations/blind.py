"""Blind review: what an editor may see of colleagues' judgements on a claim.

The rule, in one place: on an article under blind review (`Article.blind_review`), an editor
who has not given their own verdict on a claim sees none of the other verdicts on it (no
label, rationale or evidence, no consensus, no final verdict nor moderation note) and no
reviewer's name, only how many reviewers judged it. The claim is then *sealed* for them, and
shows the state `Consensus.HIDDEN`. Giving a verdict unseals it. Moderators always see
everything.

The rule has two forms, which tests/test_blind.py checks against each other:
- `is_sealed(viewer, span)` for a span in hand (its verdicts loaded or read);
- `with_sealed`, `sealed_q` and `visible_verdicts` for queries, where no verdict is loaded.
Every page, API response and export that shows verdicts asks one of them: the reader
(`reading`, `views/reader_context`), the API's span and verdict resources and filters
(`api/serializers.SpanSerializer`, `api/views`, `filters`), the exports
(`api/export_views`) and the article list's progress (`ArticleQuerySet.with_progress`).

A claim's discussion is sealed with it: comments argue verdicts, so while a claim is sealed
for an editor its whole thread is hidden from them (only how many comments it has shows), and
they cannot comment on it; giving a verdict opens it (`thread_hidden`, `visible_comments`).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Value,
)

from annotations import roles
from annotations.models import Article, Consensus, Span, Verdict, display_state_of


def sees_everything(viewer) -> bool:
    return roles.is_moderator(viewer)


def under_blind_review(span: Span) -> bool:
    """The span's article's setting: annotated by `SpanQuerySet.with_verdicts`, or read."""
    annotated = getattr(span, "article_blind_review", None)
    return span.article.blind_review if annotated is None else annotated


def is_sealed(viewer, span: Span) -> bool:
    """Whether `viewer` may not see the judgements on `span` (see the module)."""
    if not under_blind_review(span) or sees_everything(viewer):
        return False
    return all(verdict.reviewer_id != viewer.pk for verdict in span.loaded_verdicts())


def state_shown(final_label: str, labels: Iterable[str], *, sealed: bool) -> str:
    """The state a claim shows its viewer: `display_state_of`, or HIDDEN while it is sealed
    and there is something to hide."""
    labels = list(labels)
    if sealed and (final_label or labels):
        return Consensus.HIDDEN
    return display_state_of(final_label, labels)


@dataclass(frozen=True, slots=True)
class Judgements:
    """What a viewer is shown of a claim's judgements: all of them, or while the claim is
    sealed only `judged_by` (the rest empty, and the states HIDDEN when there is a verdict
    or a final verdict to hide)."""

    sealed: bool
    judged_by: int  # how many reviewers gave a verdict
    state: str  # the display state
    consensus: str
    verdicts: list[Verdict]
    final_label: str
    moderated_by: object  # a User or None
    moderated_at: datetime.datetime | None
    moderation_note: str

    @property
    def state_label(self) -> str:
        return Consensus(self.state).label


def judgements(viewer, span: Span) -> Judgements:
    """The judgements on a span (its verdicts loaded or read) that `viewer` is shown."""
    verdicts = span.loaded_verdicts()
    if not is_sealed(viewer, span):
        return Judgements(
            sealed=False,
            judged_by=len(verdicts),
            state=span.display_state,
            consensus=span.consensus,
            verdicts=verdicts,
            final_label=span.final_label,
            moderated_by=span.moderated_by,
            moderated_at=span.moderated_at,
            moderation_note=span.moderation_note,
        )
    return Judgements(
        sealed=True,
        judged_by=len(verdicts),
        state=state_shown(span.final_label, (verdict.label for verdict in verdicts), sealed=True),
        consensus=Consensus.HIDDEN if verdicts else Consensus.NONE,
        verdicts=[],
        final_label="",
        moderated_by=None,
        moderated_at=None,
        moderation_note="",
    )


# The same rule for queries.


def sealed_q(viewer, *, span: str = "pk", article: str = "article") -> Q:
    """The rows whose claim is sealed for `viewer` (for moderators, a condition no row meets).

    `span` and `article` are the paths from the query's rows to the claim and its article:
    the defaults for spans, `span="span", article="span__article"` for verdicts,
    `span="spans", article=""` for articles joined to their spans.
    """
    if sees_everything(viewer):
        return Q(pk__in=[])
    blind_review = f"{article}__blind_review" if article else "blind_review"
    mine = Verdict.objects.filter(span=OuterRef(span), reviewer=viewer.pk)
    return Q(**{blind_review: True}) & ~Exists(mine)


def with_sealed(
    spans: QuerySet[Span], viewer, *, article: Article | None = None
) -> QuerySet[Span]:
    """Spans annotated with `sealed`: whether `viewer` may not see their judgements.

    When the spans are all of `article`, an article not under blind review seals nothing:
    the query then needs neither the article's row nor a look for the viewer's verdicts
    (the reader's query over a thousand claims, a quarter faster).
    """
    if article is not None and not article.blind_review:
        return spans.annotate(sealed=Value(False, output_field=BooleanField()))
    return spans.annotate(sealed=ExpressionWrapper(sealed_q(viewer), output_field=BooleanField()))


def unsealed(spans: QuerySet[Span], viewer) -> QuerySet[Span]:
    """The spans whose judgements `viewer` may see (for filters on those judgements)."""
    return spans.exclude(sealed_q(viewer))


def hides_anything(viewer) -> bool:
    """Whether any claim may be sealed for `viewer` (some article is under blind review).

    Lets a large export skip the rule's joins when it cannot hide anything."""
    return not sees_everything(viewer) and Article.objects.filter(blind_review=True).exists()


def visible_verdicts(verdicts: QuerySet[Verdict], viewer) -> QuerySet[Verdict]:
    """The verdicts `viewer` may see: all of them but those on claims sealed for them."""
    return verdicts.exclude(sealed_q(viewer, span="span", article="span__article"))


# The discussion follows the claim's seal.


def thread_hidden(viewer, span: Span) -> bool:
    """Whether `viewer` may not read, nor write in, the discussion of `span` (see the module).

    The thread is hidden exactly when the judgements are: a comment ("the source is a
    satire site") gives a verdict away as surely as a label does."""
    return is_sealed(viewer, span)


def visible_comments(comments: QuerySet, viewer) -> QuerySet:
    """The comments `viewer` may read: all of them but those on claims sealed for them."""
    return comments.exclude(sealed_q(viewer, span="span", article="span__article"))
