"""Turn an uploaded .txt or .html file into an article's text and whatever metadata it carries."""

import codecs
import datetime
from dataclasses import dataclass
from pathlib import PurePath

import trafilatura

# trafilatura's time grows faster than the page: about 1 s at 20,000 elements, over a minute
# at 600,000. A saved news page has a few thousand, so past this many the page is refused
# before parsing, and one upload can never hold a worker for long.
MAX_HTML_ELEMENTS = 20_000

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm"})


class UnreadableFile(ValueError):
    """The upload cannot be turned into article text; the message tells the user why."""


@dataclass(frozen=True)
class ExtractedArticle:
    """Text and metadata found in a file; empty strings and None mean "not found"."""

    text: str
    title: str = ""
    source: str = ""
    url: str = ""
    byline: str = ""
    published: datetime.date | None = None


def extract_upload(filename: str, data: bytes) -> ExtractedArticle:
    """Read a .txt (UTF-8, or UTF-16 with a byte order mark) or an .html page."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return ExtractedArticle(text=decode_text(data))
    if suffix in HTML_SUFFIXES:
        return extract_html(data)
    shown = f"“{suffix}”" if suffix else "no extension"
    raise UnreadableFile(f"Upload a .txt or .html file (this one has {shown}).")


def decode_text(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, name = "utf-16", "UTF-16"
    else:
        encoding, name = "utf-8-sig", "UTF-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            f"The file is not {name} text (byte {error.start + 1} cannot be read). "
            "Save it as UTF-8 in your editor and upload it again, or paste the text."
        ) from None


def extract_html(data: bytes) -> ExtractedArticle:
    """The page's main article text (no navigation, ads or footer) and its metadata.

    trafilatura reads the page's declared encoding from the bytes, so they are passed as is.
    """
    elements = data.count(b"<")
    if elements > MAX_HTML_ELEMENTS:
        raise UnreadableFile(
            f"This page has about {elements:,} HTML tags; at most {MAX_HTML_ELEMENTS:,} can be "
            "read. Save the article alone (or as text) and upload that, or paste its text."
        )
    document = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, include_tables=True
    )
    title = _single_line(document.title) if document else ""
    blocks = [_single_line(line) for line in (document.text if document else "").split("\n")]
    blocks = [block for block in blocks if block]
    # The headline is stored as the title; left in the text it would open every article.
    if blocks and title and blocks[0] == title:
        blocks = blocks[1:]
    if not blocks:
        raise UnreadableFile(
            "No article text was found in this HTML page. Copy the article's text and paste it."
        )
    return ExtractedArticle(
        # Blank lines separate the paragraphs the reader shows.
        text="\n\n".join(blocks),
        title=title,
        source=_single_line(document.sitename),
        url=_single_line(document.url),
        byline=_single_line(document.author),
        published=_date_or_none(document.date),
    )


def _single_line(value: str | None) -> str:
    return " ".join((value or "").split())


def _date_or_none(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None
