"""Tests for re-anchoring spans in revised article text (annotations.anchoring)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations import anchoring
from annotations.anchoring import FUZZY_REACH, Anchor, find_anchor, nearest_occurrences
from annotations.text import quote_context

ARTICLE = (
    "The minister said on Monday that unemployment fell to 4.1 percent in March.\n\n"
    "Critics pointed out that the figure excludes seasonal workers."
)
CLAIM = "unemployment fell to 4.1 percent in March"


def anchor_in(old_text: str, new_text: str, quote: str) -> Anchor | None:
    """Re-anchor the first occurrence of ``quote`` in old_text the way services will."""
    start = old_text.index(quote)
    prefix, quote, suffix = quote_context(old_text, start, start + len(quote))
    return find_anchor(new_text, quote=quote, prefix=prefix, suffix=suffix, hint=start)


def test_unchanged_text_matches_exactly_at_the_same_offsets() -> None:
    start = ARTICLE.index(CLAIM)
    assert anchor_in(ARTICLE, ARTICLE, CLAIM) == Anchor(start, start + len(CLAIM), exact=True)


def test_insertion_before_the_span_shifts_its_offsets() -> None:
    revised = "UPDATE: corrected headline.\n\n" + ARTICLE
    start = revised.index(CLAIM)
    assert anchor_in(ARTICLE, revised, CLAIM) == Anchor(start, start + len(CLAIM), exact=True)


def test_duplicate_quote_is_chosen_by_its_context() -> None:
    text = "Alice said taxes rose. Bob said taxes rose."
    start = text.index("taxes rose", 12)
    anchor = find_anchor(text, quote="taxes rose", prefix="Bob said ", suffix=".", hint=0)
    assert anchor == Anchor(start, start + len("taxes rose"), exact=True)


def test_duplicate_quote_with_equal_context_is_chosen_by_hint() -> None:
    text = "taxes rose; taxes rose; taxes rose"
    assert find_anchor(text, quote="taxes rose", hint=13) == Anchor(12, 22, exact=True)


def test_duplicate_quote_without_hint_or_context_is_the_earliest() -> None:
    assert find_anchor("ab ab ab", quote="ab") == Anchor(0, 2, exact=True)


def test_quote_with_fixed_typo_is_found_fuzzily() -> None:
    old = ARTICLE.replace("unemployment", "unemploymnet")
    anchor = anchor_in(old, ARTICLE, "unemploymnet fell to 4.1 percent in March")
    start = ARTICLE.index(CLAIM)
    assert anchor == Anchor(start, start + len(CLAIM), exact=False)


def test_long_quote_edited_in_the_middle_is_found_fuzzily() -> None:
    old = ARTICLE.replace("on Monday", "on Mondey")
    quote = old[: old.index(".")]
    anchor = anchor_in(old, "Breaking.\n" + ARTICLE, quote)
    assert anchor == Anchor(10, 10 + len(quote), exact=False)


def test_short_quote_with_typo_and_shifted_offset_is_found_without_context() -> None:
    text = "x" * 2000 + " The cat sat on the mat."
    anchor = find_anchor(text, quote="Teh cat sat", hint=0)
    assert anchor == Anchor(2001, 2012, exact=False)


def test_removed_quote_is_not_found() -> None:
    revised = ARTICLE.replace(CLAIM, "the economy is doing well")
    assert anchor_in(ARTICLE, revised, CLAIM) is None


def test_quote_rewritten_beyond_the_edit_budget_is_not_found() -> None:
    revised = ARTICLE.replace(CLAIM, "joblessness dropped to 4.1 per cent last month")
    assert anchor_in(ARTICLE, revised, CLAIM) is None


def test_emoji_before_the_span_count_as_one_code_point_each() -> None:
    revised = "👩‍👩‍👧🇺🇦 " + ARTICLE
    start = revised.index(CLAIM)
    assert start == len("👩‍👩‍👧🇺🇦 ") + ARTICLE.index(CLAIM)
    assert anchor_in(ARTICLE, revised, CLAIM) == Anchor(start, start + len(CLAIM), exact=True)


def test_empty_quote_is_rejected() -> None:
    with pytest.raises(ValueError, match="quote must not be empty"):
        find_anchor(ARTICLE, quote="")


@given(st.text(min_size=1), st.data())
def test_any_span_of_unchanged_text_anchors_back_to_itself(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    prefix, quote, suffix = quote_context(text, start, end)
    anchor = find_anchor(text, quote=quote, prefix=prefix, suffix=suffix, hint=start)
    assert anchor == Anchor(start, end, exact=True)


# Bounds: a text that repeats itself must not make re-anchoring compare every occurrence.


def test_nearest_occurrences_lists_them_all_when_few() -> None:
    assert nearest_occurrences("ab ab ab", "ab", 4, limit=10) == [0, 3, 6]


def test_nearest_occurrences_keeps_the_nearest_on_both_sides() -> None:
    text = "x" * 10

    assert nearest_occurrences(text, "x", 5, limit=3) == [4, 5, 6]


def test_nearest_occurrences_finds_overlapping_ones() -> None:
    assert nearest_occurrences("aaaa", "aa", 0, limit=10) == [0, 1, 2]


def test_nearest_occurrences_stays_inside_its_bounds() -> None:
    assert nearest_occurrences("ab ab ab ab", "ab", 5, limit=10, lo=2, hi=9) == [3, 6]


def test_nearest_occurrences_without_a_position_gives_the_first_ones() -> None:
    assert nearest_occurrences("ab ab ab", "ab", None, limit=2) == [0, 3]


def test_in_a_text_that_repeats_itself_the_occurrence_nearest_the_old_position_wins() -> None:
    text = "word " * 200_000
    quote = "word word word"

    anchor = find_anchor(
        "Intro. " + text, quote=quote, prefix="word ", suffix=" word", hint=500_000
    )

    assert anchor == Anchor(500_002, 500_002 + len(quote), exact=True)


def test_a_fuzzy_match_is_sought_only_near_the_old_position() -> None:
    filler = "Unrelated reporting fills the page here. " * 3_000
    edited = CLAIM.replace("4.1", "4.2")
    near = f"{ARTICLE[:40]} {edited} in the spring."
    far = filler + near

    assert anchor_in(ARTICLE, near, CLAIM) is not None
    assert len(filler) > FUZZY_REACH
    assert anchor_in(ARTICLE, far, CLAIM) is None


def test_a_quote_found_everywhere_is_compared_only_at_the_nearest_places(monkeypatch) -> None:
    compared = []
    rank = anchoring._rank

    def counting_rank(text, start, *rest):
        compared.append(start)
        return rank(text, start, *rest)

    monkeypatch.setattr(anchoring, "_rank", counting_rank)

    find_anchor("word " * 200_000, quote="word word", hint=500_000)

    assert len(compared) == anchoring.MAX_EXACT_OCCURRENCES
