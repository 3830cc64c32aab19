"""Tests for annotations.rendering: segments, underline lanes and the highlighted HTML."""

import re
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.rendering import (
    Mark,
    covering,
    lanes,
    paragraphs_touching,
    render_article,
    segment,
)

TWO_PARAGRAPHS = "Unemployment fell.\nIt was 4.2 percent.\n\nCritics disagreed."


def test_segment_keeps_paragraphs_and_their_line_breaks() -> None:
    result = segment(TWO_PARAGRAPHS, [])

    assert [(p.start, p.end) for p in result] == [(0, 38), (40, 58)]
    assert [TWO_PARAGRAPHS[s.start : s.end] for s in result[0].segments] == [
        "Unemployment fell.\nIt was 4.2 percent."
    ]


def test_segment_cuts_a_paragraph_at_both_edges_of_a_span() -> None:
    mark = Mark(id=1, start=0, end=12, display_state="supported")

    (first, _) = segment(TWO_PARAGRAPHS, [mark])

    assert [(s.start, s.end, s.marks) for s in first.segments] == [
        (0, 12, (mark,)),
        (12, 38, ()),
    ]


def test_segment_lists_covering_spans_outermost_first() -> None:
    outer = Mark(id=1, start=0, end=18, display_state="supported")
    inner = Mark(id=2, start=5, end=10, display_state="disputed")

    (first, _) = segment(TWO_PARAGRAPHS, [inner, outer])

    assert [(s.start, s.end, s.marks) for s in first.segments] == [
        (0, 5, (outer,)),
        (5, 10, (outer, inner)),
        (10, 18, (outer,)),
        (18, 38, ()),
    ]


def test_segment_puts_the_shorter_of_two_overlapping_spans_inside() -> None:
    left = Mark(id=1, start=0, end=10, display_state="supported")
    right = Mark(id=2, start=5, end=25, display_state="disputed")

    (first, _) = segment(TWO_PARAGRAPHS, [left, right])

    assert [(s.start, s.end, s.marks) for s in first.segments] == [
        (0, 5, (left,)),
        (5, 10, (right, left)),
        (10, 25, (right,)),
        (25, 38, ()),
    ]


def test_segment_splits_a_span_across_paragraphs_and_skips_the_blank_line() -> None:
    mark = Mark(id=1, start=30, end=47, display_state="unverified")

    first, second = segment(TWO_PARAGRAPHS, [mark])

    last_of_first, first_of_second = first.segments[-1], second.segments[0]
    assert (last_of_first.start, last_of_first.end, last_of_first.marks) == (30, 38, (mark,))
    assert (first_of_second.start, first_of_second.end, first_of_second.marks) == (40, 47, (mark,))


def test_segment_ignores_a_span_outside_the_text() -> None:
    mark = Mark(id=1, start=500, end=510, display_state="none")

    result = segment(TWO_PARAGRAPHS, [mark])

    assert all(not s.marks for p in result for s in p.segments)


def test_lanes_give_overlapping_spans_different_lanes_and_reuse_free_ones() -> None:
    marks = [
        Mark(id=1, start=0, end=10, display_state="none"),
        Mark(id=2, start=5, end=15, display_state="none"),
        Mark(id=3, start=12, end=20, display_state="none"),
    ]

    assert lanes(marks) == {1: 0, 2: 1, 3: 0}


def test_lanes_put_the_outer_of_two_spans_starting_together_lower() -> None:
    marks = [
        Mark(id=1, start=0, end=5, display_state="none"),
        Mark(id=2, start=0, end=9, display_state="none"),
    ]

    assert lanes(marks) == {2: 0, 1: 1}


def test_covering_lists_spans_over_a_point_outermost_first() -> None:
    outer = Mark(id=1, start=0, end=18, display_state="supported")
    inner = Mark(id=2, start=5, end=10, display_state="disputed")
    elsewhere = Mark(id=3, start=20, end=30, display_state="none")

    assert covering([inner, elsewhere, outer], 7) == [outer, inner]
    assert covering([inner, elsewhere, outer], 10) == [outer]


def test_render_wraps_plain_text_with_its_code_point_offset() -> None:
    html = render_article("One.\n\nTwo.", [])

    assert html == (
        '<p class="article-paragraph" id="paragraph-0" dir="auto" data-start="0" data-end="4">'
        '<span data-start="0">One.</span></p>'
        '<p class="article-paragraph" id="paragraph-6" dir="auto" data-start="6" data-end="10">'
        '<span data-start="6">Two.</span></p>'
    )


def test_render_marks_a_span_with_its_state_lane_and_first_segment() -> None:
    html = render_article("Taxes rose.", [Mark(id=7, start=0, end=5, display_state="disputed")])

    assert (
        '<mark class="hl hl--disputed hl--lane-0 hl--first" id="span-7" data-span="7" '
        'title="Disputed" data-start="0">Taxes</mark>'
    ) in html


def test_render_nests_marks_outermost_first_and_offsets_the_innermost() -> None:
    outer = Mark(id=1, start=0, end=11, display_state="supported")
    inner = Mark(id=2, start=6, end=10, display_state="unverified")

    html = render_article("Taxes rose.", [outer, inner])

    assert (
        '<mark class="hl hl--supported hl--lane-0" data-span="1" title="Supported">'
        '<mark class="hl hl--unverified hl--lane-1 hl--first" id="span-2" data-span="2" '
        'title="Unverified" data-start="6">rose</mark></mark>'
    ) in html


def test_render_flags_only_the_first_segment_of_a_span() -> None:
    marks = [
        Mark(id=1, start=0, end=11, display_state="split"),
        Mark(id=2, start=3, end=5, display_state="none"),
    ]

    html = render_article("Taxes rose.", marks)

    assert html.count('id="span-1"') == 1
    assert html.count("hl--split hl--lane-0 hl--first") == 1
    assert html.count('data-span="1"') == 3


def test_render_marks_the_selected_span_in_every_segment() -> None:
    marks = [
        Mark(id=1, start=0, end=11, display_state="split"),
        Mark(id=2, start=3, end=5, display_state="none"),
    ]

    html = render_article("Taxes rose.", marks, selected=1)

    assert html.count("is-selected") == 3


def test_render_counts_offsets_in_code_points_after_emoji() -> None:
    text = "😀😀 Rates rose."

    html = render_article(text, [Mark(id=1, start=3, end=8, display_state="none")])

    assert 'data-start="3">Rates</mark>' in html
    assert '<span data-start="8"> rose.</span>' in html


def test_render_escapes_hostile_text() -> None:
    text = "<script>alert(1)</script> & <img src=x onerror=alert(1)>"

    html = render_article(text, [Mark(id=1, start=0, end=8, display_state="none")])

    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&amp;" in html


def test_render_rejects_an_unknown_display_state() -> None:
    with pytest.raises(ValueError, match="unknown display state"):
        render_article("Taxes rose.", [Mark(id=1, start=0, end=5, display_state='x" onclick="y')])


def test_render_caps_the_lane_class_at_three() -> None:
    marks = [Mark(id=n, start=n, end=20 - n, display_state="none") for n in range(6)]

    html = render_article("abcdefghijklmnopqrstuvwxyz", marks)

    assert "hl--lane-3" in html
    assert "hl--lane-4" not in html


def test_render_gives_lanes_per_paragraph() -> None:
    text = "Taxes rose sharply.\n\nRates fell."
    marks = [
        Mark(id=1, start=0, end=25, display_state="none"),
        Mark(id=2, start=23, end=28, display_state="none"),
    ]

    html = render_article(text, marks)

    second = html[html.index('id="paragraph-21"') :]
    assert 'class="hl hl--none hl--lane-0" data-span="1"' in second
    assert 'class="hl hl--none hl--lane-1 hl--first" id="span-2"' in second


def test_render_within_draws_only_the_touched_paragraphs_for_an_oob_swap() -> None:
    text = "One.\n\nTwo.\n\nThree."

    html = render_article(text, [], within=(6, 8), swap_oob=True)

    assert html == (
        '<p class="article-paragraph" id="paragraph-6" hx-swap-oob="true" dir="auto" '
        'data-start="6" data-end="10"><span data-start="6">Two.</span></p>'
    )


def test_render_within_leaves_the_start_marker_to_the_paragraph_a_span_starts_in() -> None:
    text = "One two.\n\nThree four."
    mark = Mark(id=1, start=4, end=15, display_state="none")

    html = render_article(text, [mark], within=(10, 21))

    assert "hl--first" not in html
    assert 'data-span="1"' in html


def test_paragraphs_touching_spans_first_to_last_paragraph_overlapping() -> None:
    text = "One.\n\nTwo.\n\nThree."

    assert paragraphs_touching(text, 2, 8) == (0, 10)
    assert paragraphs_touching(text, 12, 13) == (12, 18)
    assert paragraphs_touching(text, 4, 6) is None


# Properties over arbitrary texts and spans

texts = st.lists(
    st.sampled_from(["Rates rose. ", "😀", "\n", "\n\n", "e\u0301", "<b>&", " "]), max_size=15
).map("".join)


@st.composite
def text_and_marks(draw: st.DrawFn) -> tuple[str, list[Mark]]:
    text = draw(texts)
    marks = []
    for number in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, max(0, len(text) - 1)))
        end = draw(st.integers(start + 1, len(text) + 1))
        marks.append(Mark(id=number, start=start, end=end, display_state="none"))
    return text, marks


@given(text_and_marks())
def test_segments_tile_each_paragraph_and_carry_exactly_the_covering_spans(case) -> None:
    text, marks = case

    for paragraph in segment(text, marks):
        pieces = paragraph.segments
        assert pieces[0].start == paragraph.start
        assert pieces[-1].end == paragraph.end
        assert all(a.end == b.start and a.start < a.end for a, b in pairwise(pieces))
        for piece in pieces:
            expected = {m.id for m in marks if m.start <= piece.start and piece.end <= m.end}
            assert {m.id for m in piece.marks} == expected
            edges = {edge for m in marks for edge in (m.start, m.end)}
            assert not any(piece.start < edge < piece.end for edge in edges)


@given(text_and_marks())
def test_rendered_text_nodes_spell_out_every_paragraph(case) -> None:
    text, marks = case

    html = render_article(text, marks)

    for start, body in re.findall(r'data-start="(\d+)" data-end="\d+">(.*?)</p>', html):
        visible = re.sub(r"<[^>]+>", "", body)
        unescaped = visible.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        assert text[int(start) :].startswith(unescaped)


@given(text_and_marks())
def test_drawing_one_paragraph_matches_drawing_the_whole_article(case) -> None:
    text, marks = case
    whole = render_article(text, marks, selected=1)

    for paragraph in segment(text, []):
        alone = render_article(text, marks, selected=1, within=(paragraph.start, paragraph.end))
        assert alone in whole
