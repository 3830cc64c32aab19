"""Chart geometry for server-rendered SVG: pure functions, no database and no script.

Templates draw the shapes these return with SVG attributes and CSS classes only, so the
strict Content Security Policy (no inline styles, no scripts) holds.
"""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    """One coloured piece of a column: `key` names its CSS class, `title` its tooltip."""

    key: str
    x: float
    y: float
    width: float
    height: float
    value: int


@dataclass(frozen=True)
class Column:
    label: str
    total: int
    segments: list[Segment]


@dataclass(frozen=True)
class ColumnChart:
    width: float
    height: float
    columns: list[Column]
    maximum: int


COLUMN_WIDTH = 16
COLUMN_GAP = 6
CHART_HEIGHT = 120


def stacked_columns(
    columns: Sequence[tuple[str, dict[str, int]]], keys: Sequence[str]
) -> ColumnChart:
    """A column per (label, counts), stacked in the order of `keys` from the bottom, all on
    one scale: the tallest column fills the chart's height."""
    maximum = max((sum(counts.get(key, 0) for key in keys) for _, counts in columns), default=0)
    scale = CHART_HEIGHT / maximum if maximum else 0
    drawn = []
    for index, (label, counts) in enumerate(columns):
        x = index * (COLUMN_WIDTH + COLUMN_GAP)
        top = CHART_HEIGHT
        segments = []
        for key in keys:
            value = counts.get(key, 0)
            if not value:
                continue
            height = value * scale
            top -= height
            segments.append(Segment(key, x, top, COLUMN_WIDTH, height, value))
        drawn.append(Column(label, sum(counts.get(key, 0) for key in keys), segments))
    width = max(len(columns) * (COLUMN_WIDTH + COLUMN_GAP) - COLUMN_GAP, COLUMN_WIDTH)
    return ColumnChart(width, CHART_HEIGHT, drawn, maximum)


def share(value: float | None, maximum: float) -> float:
    """`value` as a share of `maximum` from 0 to 1, for a bar's length (0 when unknown or
    negative: an alpha below 0, systematic disagreement, draws no bar but keeps its number)."""
    if value is None or maximum <= 0 or value <= 0:
        return 0.0
    return min(value / maximum, 1.0)
