"""Tests for canonical text handling and offset conversions in annotations.text."""

import hashlib
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.text import (
    describe_forbidden_character,
    normalize_text,
    paragraphs,
    quote_context,
    reading_context,
    text_direction,
    text_sha256,
    utf16_to_codepoint,
)

TRICKY_PIECES = [
    "👩‍👩‍👧",  # ZWJ family: several astral code points
    "🇺🇦",  # flag: two regional indicators
    "😀",
    "e\u0301",  # e + combining acute
    "مرحبا بالعالم",  # Arabic
    "שלום עולם",  # Hebrew
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "\u2028",
    "\u2029",
    " ",
    "\t",
    "\u00a0",
    "abc",
    "Ünïcödé",
]

# Any text without lone surrogates, rich in the pieces that break offset arithmetic.
texts = st.lists(
    st.sampled_from(TRICKY_PIECES) | st.text(st.characters(exclude_categories=["Cs"])),
    max_size=12,
).map("".join)


def codepoint_to_utf16(text: str, offset: int) -> int:
    """What the browser counts for a code-point offset (the app only converts the other way)."""
    if not 0 <= offset <= len(text):
        raise ValueError(f"code-point offset {offset} is outside the text")
    return len(text[:offset].encode("utf-16-le")) // 2


@st.composite
def text_and_span(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(texts)
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return text, start, end


# normalize_text


def test_normalize_turns_crlf_into_lf() -> None:
    assert normalize_text("a\r\nb") == "a\nb"


def test_normalize_turns_lone_cr_into_lf() -> None:
    assert normalize_text("a\rb") == "a\nb"


def test_normalize_turns_unicode_line_and_paragraph_separators_into_lf() -> None:
    assert normalize_text("a\u2028b\u2029c") == "a\nb\nc"


def test_normalize_turns_form_feeds_and_vertical_tabs_into_lf() -> None:
    assert normalize_text("page one\fpage two\vline") == "page one\npage two\nline"


def test_normalize_drops_a_leading_byte_order_mark() -> None:
    assert normalize_text("\ufeffHeadline") == "Headline"


def test_normalize_composes_to_nfc() -> None:
    assert normalize_text("e\u0301") == "\u00e9"


def test_normalize_strips_trailing_whitespace_of_every_line() -> None:
    assert normalize_text("a  \nb\t\nc\u00a0") == "a\nb\nc"


def test_normalize_keeps_leading_indentation_and_inner_tabs() -> None:
    assert normalize_text("  a\tb") == "  a\tb"


def test_normalize_drops_leading_and_trailing_blank_lines() -> None:
    assert normalize_text("\n  \n\na\n\nb\n \n\n") == "a\n\nb"


def test_normalize_keeps_blank_lines_between_paragraphs() -> None:
    assert normalize_text("a\n\n\nb") == "a\n\n\nb"


def test_normalize_leaves_no_trailing_newline() -> None:
    assert normalize_text("a\n") == "a"


def test_normalize_of_blank_text_is_empty() -> None:
    assert normalize_text(" \r\n\t\n") == ""


@given(texts)
def test_normalize_is_idempotent(raw: str) -> None:
    once = normalize_text(raw)
    assert normalize_text(once) == once


@given(texts)
def test_normalize_leaves_no_cr_nor_trailing_whitespace(raw: str) -> None:
    text = normalize_text(raw)
    assert "\r" not in text
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert text == text.strip("\n")


# text_sha256


def test_sha256_hashes_utf8_bytes() -> None:
    assert text_sha256("é😀") == hashlib.sha256("é😀".encode()).hexdigest()


def test_sha256_of_empty_text() -> None:
    assert text_sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


# quote_context


def test_quote_context_returns_prefix_quote_and_suffix() -> None:
    assert quote_context("0123456789", 4, 6, width=3) == ("123", "45", "678")


def test_quote_context_is_shorter_at_the_edges_of_the_text() -> None:
    assert quote_context("abcdef", 1, 5, width=32) == ("a", "bcde", "f")


def test_quote_context_counts_code_points_not_utf16_units() -> None:
    assert quote_context("😀😀x😀😀", 2, 3, width=1) == ("😀", "x", "😀")


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (3, 2), (0, 11)])
def test_quote_context_rejects_a_span_outside_the_text(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="outside the text"):
        quote_context("0123456789", start, end)


@given(text_and_span(), st.integers(0, 40))
def test_quote_context_pieces_sit_around_the_span(span: tuple[str, int, int], width: int) -> None:
    text, start, end = span
    prefix, quote, suffix = quote_context(text, start, end, width=width)
    assert quote == text[start:end]
    assert len(prefix) == min(width, start)
    assert len(suffix) == min(width, len(text) - end)
    assert text[start - len(prefix) : end + len(suffix)] == prefix + quote + suffix


# UTF-16 conversions


def test_codepoint_after_astral_character_is_one_more_in_utf16() -> None:
    assert codepoint_to_utf16("a😀b", 2) == 3


def test_utf16_after_astral_character_is_one_less_in_codepoints() -> None:
    assert utf16_to_codepoint("a😀b", 3) == 2


def test_utf16_offset_inside_surrogate_pair_raises() -> None:
    with pytest.raises(ValueError, match="splits a character"):
        utf16_to_codepoint("a😀b", 2)


def test_offsets_at_both_ends_convert() -> None:
    assert codepoint_to_utf16("🇺🇦", 0) == 0
    assert codepoint_to_utf16("🇺🇦", 2) == 4
    assert utf16_to_codepoint("🇺🇦", 4) == 2


@pytest.mark.parametrize("offset", [-1, 5])
def test_utf16_offset_out_of_range_raises(offset: int) -> None:
    with pytest.raises(ValueError, match="out of range"):
        utf16_to_codepoint("a😀b", offset)


def test_conversion_of_text_with_lone_surrogate_raises_value_error() -> None:
    with pytest.raises(ValueError, match="lone surrogate"):
        utf16_to_codepoint("a\ud800b", 1)


@given(texts)
def test_codepoint_to_utf16_round_trips_for_every_offset(text: str) -> None:
    for offset in range(len(text) + 1):
        assert utf16_to_codepoint(text, codepoint_to_utf16(text, offset)) == offset


@given(texts)
def test_every_utf16_offset_converts_or_splits_a_pair(text: str) -> None:
    boundaries = {codepoint_to_utf16(text, offset) for offset in range(len(text) + 1)}
    for unit in range(len(text.encode("utf-16-le")) // 2 + 1):
        if unit in boundaries:
            assert codepoint_to_utf16(text, utf16_to_codepoint(text, unit)) == unit
        else:
            with pytest.raises(ValueError, match="splits a character"):
                utf16_to_codepoint(text, unit)


# describe_forbidden_character


def test_clean_text_with_newlines_and_tabs_has_no_forbidden_character() -> None:
    assert describe_forbidden_character("a\tb\nc 😀 e\u0301") is None


def test_nul_is_described_with_its_position() -> None:
    assert describe_forbidden_character("ab\x00") == "control character U+0000 at position 2"


def test_carriage_return_is_forbidden_in_stored_text() -> None:
    assert describe_forbidden_character("a\rb") == "control character U+000D at position 1"


def test_lone_surrogate_is_forbidden() -> None:
    assert describe_forbidden_character("😀\udc00") == "lone surrogate U+DC00 at position 1"


def test_only_the_first_forbidden_character_is_described() -> None:
    assert describe_forbidden_character("\x07\x00") == "control character U+0007 at position 0"


# paragraphs


def test_paragraphs_are_separated_by_blank_lines() -> None:
    assert paragraphs("ab\ncd\n\nef") == [(0, 5), (7, 9)]


def test_several_and_whitespace_only_blank_lines_separate_one_paragraph_break() -> None:
    assert paragraphs("ab\n\n \n\ncd") == [(0, 2), (7, 9)]


def test_paragraphs_of_empty_text_is_empty() -> None:
    assert paragraphs("") == []


def test_paragraph_offsets_count_code_points() -> None:
    text = "\n\n".join(["😀👩‍👩‍👧", "שלום"])
    assert [text[start:end] for start, end in paragraphs(text)] == ["😀👩‍👩‍👧", "שלום"]


@given(texts)
def test_paragraphs_cover_all_visible_text_of_normalized_text(raw: str) -> None:
    text = normalize_text(raw)
    ranges = paragraphs(text)
    assert "\n".join(text[start:end] for start, end in ranges).split() == text.split()
    for (_, end), (next_start, _) in pairwise(ranges):
        assert "\n\n" in text[end:next_start]


READING = (
    "First paragraph ends here.\n\nThe minister said jobs grew. Unemployment fell to 4.2 "
    "percent, he added, and wages rose.\n\nLast one."
)


def test_reading_context_stays_inside_the_quotes_paragraph():
    start = READING.index("Unemployment")
    end = start + len("Unemployment fell to 4.2 percent")

    assert reading_context(READING, start, end) == (
        "The minister said jobs grew. ",
        ", he added, and wages rose.",
    )


def test_reading_context_cuts_long_text_at_whole_words_with_an_ellipsis():
    start = READING.index("Unemployment")
    end = start + len("Unemployment fell to 4.2 percent")

    before, after = reading_context(READING, start, end, width=12)

    assert before == "…jobs grew. "
    assert after == ", he added,…"


@pytest.mark.parametrize(
    ("language", "direction"),
    [("ar", "rtl"), ("he-IL", "rtl"), ("fa", "rtl"), ("ur_PK", "rtl"), ("en", "ltr"), ("", "ltr")],
)
def test_text_direction_follows_the_language(language, direction):
    assert text_direction(language) == direction
