"""The reader's read model: the state each claim shows, its highlight, and the legend's counts.

How a span's display state is computed: `display_state()` below. It applies the one rule,
`models.display_state_of` (the moderator's final label once settled, otherwise the
reviewers' consensus: their one label, "split" when they differ, "none" without verdicts), to
two columns a query returns for every span without loading a verdict: the span's
`final_label`, and `labels_given`, the labels of its verdicts (`LABELS_GIVEN`). Under blind
review a claim sealed for the viewer shows "hidden" instead (`blind.state_shown`): every
read here takes the viewer.

`claims_of()` turns one such query into the legend's counts and the highlights (`Mark`s) the
page draws: for the whole page, or for the few paragraphs a click redraws.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.db.models import (
    Case,
    Count,
    Max,
    Min,
    OuterRef,
    QuerySet,
    StringAgg,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)

from annotations import blind
from annotations.models import Consensus, Span, Verdict, span_lists
from annotations.rendering import Mark

# The labels of the outer span's verdicts, comma-separated in no particular order (repeats
# kept: a DISTINCT would sort every span's labels); NULL without verdicts. A subquery per span
# over the verdicts' span index: an EXISTS per label would let PostgreSQL hash every verdict in
# the database (~100 ms at 100,000 spans) instead of probing the index. OuterRef ties it to
# whichever alias the span table has, so further joins cannot mislead it.
LABELS_GIVEN = Subquery(
    Verdict.objects.filter(span=OuterRef("pk"))
    .order_by()
    .values("span")
    .annotate(labels=StringAgg("label", delimiter=Value(",")))
    .values("labels")
)


@lru_cache(maxsize=1024)
def display_state(final_label: str, labels_given: str | None, sealed: bool = False) -> str:
    """The state a span shows, from its final label, its `LABELS_GIVEN` column and whether it
    is sealed for the viewer (`blind.with_sealed`).

    Cached: a page looks up a thousand spans among a few dozen combinations.
    """
    labels = labels_given.split(",") if labels_given else []
    return blind.state_shown(final_label, labels, sealed=sealed)


def judged_by(labels_given: str | None) -> int:
    """How many verdicts a `LABELS_GIVEN` column counts."""
    return labels_given.count(",") + 1 if labels_given else 0


@dataclass(frozen=True, slots=True)
class Claims:
    """An article's claims as the reader draws them.

    `counts` holds the live claims by the state they show (the legend), `settled` how many of
    those a moderator gave a final verdict, `orphaned` the claims that could not be found again
    after the text was revised, and `marks` the highlights to draw.
    """

    counts: dict[str, int]
    settled: dict[str, int]
    orphaned: int
    marks: list[Mark]

    @property
    def claim_count(self) -> int:
        return sum(self.counts.values())

    def shown(self, display_state: str = "") -> list[Mark]:
        """The marks of claims showing one state, or all of them."""
        return [
            mark for mark in self.marks if not display_state or mark.display_state == display_state
        ]


def claims_of(
    article, spans: QuerySet[Span], viewer, *, marked: tuple[int, int] | None = None
) -> Claims:
    """The legend's counts over `spans` of `article` (distinct spans: add `.distinct()` after
    a join that repeats them), and a mark for each live span overlapping the range `marked`,
    or for every live span when it is None, each in the state it shows `viewer`. One query
    either way.

    For a range, the database groups the spans by what decides their state (orphaned or not,
    final label, labels given, sealed), except that each span to be marked is a group of its
    own: a click that redraws two paragraphs of a long article reads a few rows, not a thousand.
    """
    spans = blind.with_sealed(spans.order_by(), viewer, article=article).annotate(
        labels_given=LABELS_GIVEN
    )
    if marked is None:
        rows = spans.annotate(span_count=Value(1)).values_list(
            "is_orphaned",
            "final_label",
            "labels_given",
            "sealed",
            "pk",
            "start",
            "end",
            "span_count",
        )
    else:
        in_range = Case(When(start__lt=marked[1], end__gt=marked[0], then="pk"))
        rows = (
            spans.values(
                "is_orphaned", "final_label", "labels_given", "sealed", marked_span=in_range
            )
            .annotate(span_count=Count("pk"), first=Min("start"), last=Max("end"))
            .values_list(
                "is_orphaned",
                "final_label",
                "labels_given",
                "sealed",
                "marked_span",
                "first",
                "last",
                "span_count",
            )
        )
    counts = dict.fromkeys(Consensus.values, 0)
    settled = dict.fromkeys(Consensus.values, 0)
    orphaned = 0
    marks = []
    for (
        is_orphaned,
        final_label,
        labels_given,
        sealed,
        marked_span,
        start,
        end,
        span_count,
    ) in rows:
        if is_orphaned:
            orphaned += span_count
            continue
        state = display_state(final_label, labels_given, bool(sealed))
        final = bool(final_label) and not sealed
        counts[state] += span_count
        settled[state] += span_count if final else 0
        if marked_span is not None:
            marks.append(
                Mark(marked_span, start, end, state, judged_by(labels_given), settled=final)
            )
    return Claims(counts, settled, orphaned, marks)


def article_claims(article, viewer, *, marked: tuple[int, int] | None = None) -> Claims:
    """`claims_of` every span of the article."""
    return claims_of(article, Span.objects.filter(article=article), viewer, marked=marked)


def claims_at(article, offset: int, viewer) -> list[Mark]:
    """The live claims covering the character at `offset`, with the state each shows."""
    spans = Span.objects.filter(article=article, start__lte=offset, end__gt=offset)
    return claims_of(article, spans, viewer).marks


def span_to_change(spans: QuerySet[Span], viewer) -> QuerySet[Span]:
    """Spans with what a change needs before it is made: the article (and the moderator and
    publication the panel shows), `labels_given` and `sealed` (for `viewer`).

    `display_state(span.final_label, span.labels_given, span.sealed)` is then the state the
    span showed before the change, which tells whether its highlight and the legend need
    drawing again.
    """
    spans = spans.select_related("article", "moderated_by", "publication").annotate(
        labels_given=LABELS_GIVEN
    )
    return blind.with_sealed(spans, viewer)


def verdicts_read_again(span: Span) -> Span:
    """The span after a change, with its highlighters, verdicts and evidence as stored now.

    Its own row and its article are in hand (the change went through this instance), so only
    the lists are read: reading the span again would cost every click one more query.
    """
    for loaded in ("highlighter_list", "verdict_list"):
        if hasattr(span, loaded):
            delattr(span, loaded)
    prefetch_related_objects([span], *span_lists())
    return span


def first_verdict_shown(span: Span, verdict: Verdict) -> Span:
    """A span nobody had judged, with the verdict this request just gave as its only one.

    `services.verdict_set` returns a new verdict as `with_verdicts` would load it, so of
    the lists only the highlighters are read.
    """
    span.verdict_list = [verdict]
    if hasattr(span, "highlighter_list"):
        delattr(span, "highlighter_list")
    highlighters, _ = span_lists()
    prefetch_related_objects([span], highlighters)
    return span
