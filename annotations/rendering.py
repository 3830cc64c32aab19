"""The reader's highlighted text: paragraphs cut into segments at every span edge, as HTML.

Spans may overlap and nest, so the text is cut at every span's start and end; each segment
knows the spans covering it and is drawn as nested ``<mark>`` elements, outermost first, so
a click lands on the innermost. Pure functions, no database: the view passes plain `Mark`s.

The HTML is built here rather than in a template because a long article has thousands of
segments, and a template tag per segment costs more than the whole page budget.
"""

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from itertools import pairwise

from django.utils.safestring import SafeString, mark_safe

from annotations.models import Consensus
from annotations.text import paragraphs

STATE_LABELS = dict(Consensus.choices)
# Underlines are stacked by lane; past this many the page has no room between lines.
MAX_LANE = 3


@dataclass(frozen=True, slots=True)
class Mark:
    """A span as the reader draws it: its code-point range and the state it shows
    (`reading.display_state`, not its moderation state)."""

    id: int
    start: int
    end: int
    display_state: str
    # How many reviewers judged it: all a claim sealed by blind review tells (`title`).
    judged_by: int = 0
    # A moderator gave its final verdict (drawn with a ringed marker and a solid frame).
    settled: bool = False

    @property
    def title(self) -> str:
        title = STATE_LABELS[self.display_state]
        if self.settled:
            title += ": final verdict"
        if self.display_state == Consensus.HIDDEN and self.judged_by:
            reviewers = "reviewer" if self.judged_by == 1 else "reviewers"
            title += f" (blind review): judged by {self.judged_by} {reviewers}"
        return title


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of text no span starts or ends inside; `marks` cover it, outermost first."""

    start: int
    end: int
    marks: tuple[Mark, ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    segments: tuple[Segment, ...]


def _outermost_first(mark: Mark) -> tuple[int, int, int]:
    # The longer span encloses the shorter, so "innermost" is the shortest span at a point.
    return (mark.start - mark.end, mark.start, mark.id)


def segment(
    text: str, marks: Iterable[Mark], ranges: list[tuple[int, int]] | None = None
) -> list[Paragraph]:
    """Cut each paragraph at every span edge inside it (O(n log n) plus the output).

    `ranges` are the paragraphs to cut (ascending), by default all of them. Blank lines
    between paragraphs belong to none, so a span crossing them is drawn in one piece each.
    """
    pending = sorted(marks, key=lambda mark: (mark.start, mark.end, mark.id))
    cuts = sorted({edge for mark in pending for edge in (mark.start, mark.end)})
    active: list[Mark] = []
    next_mark = 0
    result = []
    for paragraph_start, paragraph_end in paragraphs(text) if ranges is None else ranges:
        inside = cuts[bisect_right(cuts, paragraph_start) : bisect_left(cuts, paragraph_end)]
        edges = [paragraph_start, *inside, paragraph_end]
        pieces = []
        for start, end in pairwise(edges):
            while next_mark < len(pending) and pending[next_mark].start <= start:
                active.append(pending[next_mark])
                next_mark += 1
            active = [mark for mark in active if mark.end > start]
            pieces.append(Segment(start, end, tuple(sorted(active, key=_outermost_first))))
        result.append(Paragraph(paragraph_start, paragraph_end, tuple(pieces)))
    return result


def lanes(marks: Iterable[Mark]) -> dict[int, int]:
    """Give each span the lowest underline lane free along its whole length.

    Overlapping spans never share a lane and a span's underline stays level from start to
    end (greedy interval partitioning; the outer of two spans starting together goes lower).
    """
    assigned = {}
    busy: list[tuple[int, int]] = []
    free: list[int] = []
    for mark in sorted(marks, key=lambda mark: (mark.start, -mark.end, mark.id)):
        while busy and busy[0][0] <= mark.start:
            heapq.heappush(free, heapq.heappop(busy)[1])
        lane = heapq.heappop(free) if free else len(busy)
        assigned[mark.id] = lane
        heapq.heappush(busy, (mark.end, lane))
    return assigned


def covering(marks: Iterable[Mark], offset: int) -> list[Mark]:
    """The spans over the character at `offset`, outermost first."""
    return sorted(
        (mark for mark in marks if mark.start <= offset < mark.end), key=_outermost_first
    )


def paragraphs_touching(text: str, start: int, end: int) -> tuple[int, int] | None:
    """From the start of the first to the end of the last paragraph overlapping start..end."""
    overlapping = [(a, b) for a, b in paragraphs(text) if a < end and b > start]
    return (overlapping[0][0], overlapping[-1][1]) if overlapping else None


def render_article(
    text: str,
    marks: Iterable[Mark],
    *,
    selected: int | None = None,
    within: tuple[int, int] | None = None,
    swap_oob: bool = False,
) -> SafeString:
    """The article as ``<p>`` paragraphs of escaped text with the spans as nested ``<mark>``s.

    Every text node sits directly in an element whose ``data-start`` is the code-point offset
    of its first character, which is how the page's script maps a selection to offsets.

    With `within`, only the paragraphs overlapping that range are drawn, exactly as the whole
    article would draw them (underline lanes and a span's start marker depend only on the
    paragraph), each marked for an htmx out-of-band swap when `swap_oob` is set; `marks`
    then need only hold the spans overlapping those paragraphs.
    """
    marks = list(marks)
    for mark in marks:
        if mark.display_state not in STATE_LABELS:
            raise ValueError(f"unknown display state {mark.display_state!r} for span {mark.id}")
    every = paragraphs(text)
    # A span's start marker goes on its first piece in the paragraph it starts in (or the next
    # one, should it start in a blank line): the paragraph whose predecessor ends before it.
    previous_ends = [-1, *(end for _, end in every)]
    end_before = {start: end for (start, _), end in zip(every, previous_ends, strict=False)}
    if within is not None:
        every = [(a, b) for a, b in every if a < within[1] and b > within[0]]
    oob = ' hx-swap-oob="true"' if swap_oob else ""
    html: list[str] = []
    for paragraph in segment(text, marks, every):
        previous_end = end_before[paragraph.start]
        lane_of = lanes({mark for piece in paragraph.segments for mark in piece.marks})
        drawn: set[int] = set()
        html.append(
            f'<p class="article-paragraph" id="paragraph-{paragraph.start}"{oob} dir="auto" '
            f'data-start="{paragraph.start}" data-end="{paragraph.end}">'
        )
        for piece in paragraph.segments:
            words = escape(text[piece.start : piece.end], quote=False)
            if not piece.marks:
                html.append(f'<span data-start="{piece.start}">{words}</span>')
                continue
            innermost = len(piece.marks) - 1
            for depth, mark in enumerate(piece.marks):
                classes = f"hl hl--{mark.display_state} hl--lane-{min(lane_of[mark.id], MAX_LANE)}"
                if mark.settled:
                    classes += " hl--settled"
                anchor = ""
                if mark.id not in drawn and mark.start >= previous_end:
                    classes += " hl--first"
                    anchor = f' id="span-{mark.id}"'
                drawn.add(mark.id)
                if mark.id == selected:
                    classes += " is-selected"
                offset = f' data-start="{piece.start}"' if depth == innermost else ""
                html.append(
                    f'<mark class="{classes}"{anchor} data-span="{mark.id}" '
                    f'title="{mark.title}"{offset}>'
                )
            html.append(words)
            html.append("</mark>" * len(piece.marks))
        html.append("</p>")
    # Safe: every piece of text went through escape(); attributes hold only numbers and the
    # fixed state names (and titles made of them) checked above.
    return mark_safe("".join(html))
