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
    """A span as the reader draws it: its code-point range and the verdict state it shows."""

    id: int
    start: int
    end: int
    state: str


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


def segment(text: str, marks: Iterable[Mark]) -> list[Paragraph]:
    """Cut each paragraph of `text` at every span edge inside it (O(n log n) plus output).

    Blank lines between paragraphs are not part of any paragraph, so a span crossing them
    is drawn as one piece per paragraph.
    """
    pending = sorted(marks, key=lambda mark: (mark.start, mark.end, mark.id))
    cuts = sorted({edge for mark in pending for edge in (mark.start, mark.end)})
    active: list[Mark] = []
    next_mark = 0
    result = []
    for paragraph_start, paragraph_end in paragraphs(text):
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


def count_states(marks: Iterable[Mark]) -> dict[str, int]:
    counts = dict.fromkeys(STATE_LABELS, 0)
    for mark in marks:
        counts[mark.state] += 1
    return counts


def render_article(text: str, marks: Iterable[Mark], *, selected: int | None = None) -> SafeString:
    """The article as ``<p>`` paragraphs of escaped text with the spans as nested ``<mark>``s.

    Every text node sits directly in an element whose ``data-start`` is the code-point offset
    of its first character, which is how the page's script maps a selection to offsets.
    """
    marks = list(marks)
    for mark in marks:
        if mark.state not in STATE_LABELS:
            raise ValueError(f"unknown verdict state {mark.state!r} for span {mark.id}")
    lane_of = lanes(marks)
    drawn: set[int] = set()
    html: list[str] = []
    for paragraph in segment(text, marks):
        html.append(
            f'<p class="article-paragraph" data-start="{paragraph.start}" '
            f'data-end="{paragraph.end}">'
        )
        for piece in paragraph.segments:
            words = escape(text[piece.start : piece.end], quote=False)
            if not piece.marks:
                html.append(f'<span data-start="{piece.start}">{words}</span>')
                continue
            innermost = len(piece.marks) - 1
            for depth, mark in enumerate(piece.marks):
                classes = f"hl hl--{mark.state} hl--lane-{min(lane_of[mark.id], MAX_LANE)}"
                anchor = ""
                if mark.id not in drawn:
                    drawn.add(mark.id)
                    classes += " hl--first"
                    anchor = f' id="span-{mark.id}"'
                if mark.id == selected:
                    classes += " is-selected"
                offset = f' data-start="{piece.start}"' if depth == innermost else ""
                html.append(
                    f'<mark class="{classes}"{anchor} data-span="{mark.id}" '
                    f'title="{STATE_LABELS[mark.state]}"{offset}>'
                )
            html.append(words)
            html.append("</mark>" * len(piece.marks))
        html.append("</p>")
    # Safe: every piece of text went through escape(); attributes hold only numbers and the
    # fixed state names checked above.
    return mark_safe("".join(html))
