"""Canonical article text: normalization, hashing, quote context and offset conversions."""

import hashlib
import re
import unicodedata

# Offsets everywhere in the product count code points of the canonical text (Python str
# indexing); browsers count UTF-16 code units, hence the conversions below.

# Every line boundary str.splitlines() knows: PDFs and word processors emit form feeds,
# vertical tabs and NEL, which would otherwise be rejected as control characters.
_LINE_BREAKS = re.compile("\r\n|[\r\v\f\x1c-\x1e\x85\u2028\u2029]")
# C0 controls other than tab and newline break rendering and exports; lone surrogates
# cannot be encoded as UTF-8 at all.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff]")
_HIGH_SURROGATES = range(0xD800, 0xDC00)


def normalize_text(raw: str) -> str:
    """Return the canonical form of an article's text, as stored at import.

    NFC; every line break becomes ``\\n``; trailing whitespace is stripped from each line;
    leading and trailing blank lines are dropped; no final newline. Idempotent.
    """
    text = unicodedata.normalize("NFC", _LINE_BREAKS.sub("\n", raw.removeprefix("\ufeff")))
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def lf_line_breaks(text: str) -> str:
    """CR LF and lone CR line breaks as LF, the one line break stored texts hold (browsers
    submit a form's textarea with CR LF)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_sha256(text: str) -> str:
    """Hex SHA-256 of the text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def quote_context(text: str, start: int, end: int, *, width: int = 32) -> tuple[str, str, str]:
    """Return ``(prefix, quote, suffix)`` for ``text[start:end]``, like a W3C TextQuoteSelector.

    ``prefix`` and ``suffix`` hold up to ``width`` code points either side of the quote.
    """
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span {start}..{end} is outside the text (length {len(text)})")
    if width < 0:
        raise ValueError(f"width must not be negative, got {width}")
    return text[max(0, start - width) : start], text[start:end], text[end : end + width]


# Languages written right to left (ISO 639 codes), by the first part of a language tag.
RIGHT_TO_LEFT = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "ug", "ur", "yi"}
)


def text_direction(language: str) -> str:
    """ "rtl" for a language written right to left ("ar", "he-IL", "fa"), else "ltr"."""
    primary = language.strip().lower().replace("_", "-").split("-")[0]
    return "rtl" if primary in RIGHT_TO_LEFT else "ltr"


def reading_context(text: str, start: int, end: int, *, width: int = 240) -> tuple[str, str]:
    """What a reader needs around ``text[start:end]``: up to ``width`` code points either
    side, inside the quote's paragraph, cut at whole words, with "…" where the text goes on."""
    before, after = text[max(0, start - width) : start], text[end : end + width]
    if (paragraph := before.rfind("\n\n")) >= 0:
        before = before[paragraph + 2 :]
    elif start > width and " " in before:
        before = "…" + before[before.index(" ") + 1 :]
    if (paragraph := after.find("\n\n")) >= 0:
        after = after[:paragraph]
    elif end + width < len(text) and " " in after:
        after = after[: after.rindex(" ")] + "…"
    return before, after


def utf16_to_codepoint(text: str, offset: int) -> int:
    """Convert a browser's UTF-16 code-unit offset in ``text`` to a code-point offset.

    Raises ValueError when the offset is out of range or falls inside a surrogate pair.
    """
    data = _utf16(text)
    _check_offset(offset, len(data) // 2, "UTF-16")
    if offset > 0 and _utf16_unit(data, offset - 1) in _HIGH_SURROGATES:
        raise ValueError(f"UTF-16 offset {offset} splits a character (a surrogate pair)")
    return len(data[: 2 * offset].decode("utf-16-le"))


def describe_forbidden_character(text: str) -> str | None:
    """Describe the first character that must never be stored, or return None if there is none.

    Forbidden: C0 control characters other than tab and newline (NUL included) and lone
    surrogates (U+D800..U+DFFF). The position in the message is a code-point offset.
    """
    match = _FORBIDDEN.search(text)
    if match is None:
        return None
    char = match.group()
    kind = "lone surrogate" if "\ud800" <= char <= "\udfff" else "control character"
    return f"{kind} U+{ord(char):04X} at position {match.start()}"


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Code-point ``(start, end)`` ranges of the paragraphs, which blank lines separate.

    Ranges are offsets into the whole text so that spans keep their global offsets when
    the reader renders one paragraph at a time. Blank (whitespace-only) lines belong to
    no paragraph.
    """
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    end = pos = 0
    for line in text.split("\n"):
        if line.strip():
            if start is None:
                start = pos
            end = pos + len(line)
        elif start is not None:
            ranges.append((start, end))
            start = None
        pos += len(line) + 1
    if start is not None:
        ranges.append((start, end))
    return ranges


def _check_offset(offset: int, length: int, unit: str) -> None:
    if not 0 <= offset <= length:
        raise ValueError(f"{unit} offset {offset} is out of range 0..{length}")


def _utf16(text: str) -> bytes:
    try:
        return text.encode("utf-16-le")
    except UnicodeEncodeError as exc:
        raise ValueError(
            f"text contains a lone surrogate at position {exc.start}; offsets are undefined"
        ) from exc


def _utf16_unit(data: bytes, index: int) -> int:
    return int.from_bytes(data[2 * index : 2 * index + 2], "little")
