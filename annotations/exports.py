"""Export formats JSONL and CSV as text generators (the linked-data formats: `linked_data`).

Pure functions over plain row dicts, as `QuerySet.values()` yields them, so every format is
tested without a database and streams in constant memory: rows are read one at a time and
written out in small chunks, never gathered into a list.
"""

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import batched
from operator import itemgetter

import orjson

# Rows are joined into chunks of about this many characters: fewer, larger socket writes,
# and a bound on memory however long a row is (an article record holds its whole text).
CHUNK_CHARS = 64 * 1024

CSV_COLUMNS = (
    "verdict_id",
    "span_id",
    "article_id",
    "article_title",
    "article_url",
    "start",
    "end",
    "quote",
    "claim",
    "reviewer",
    "label",
    "rationale",
    "evidence_urls",
    "version",
    "created_at",
    "updated_at",
    "span_state",
    "final_label",
)

# Spreadsheets run a cell as a formula (CSV injection) when it starts with one of these, also
# after leading whitespace or line breaks, which some trim, and in fullwidth forms, which
# some read as the ASCII sign.
FORMULA_START = re.compile(r"\s*[=+\-@\uff1d\uff0b\uff0d\uff20]|[\t\r\n]")

RowKey = Callable[[dict], object]


def timestamp(value: datetime.datetime | str | None) -> str | None:
    """ISO 8601 in UTC with a `Z`, as the API's JSON responses write times.

    A string is taken to be formatted so already: the export views have the database
    format times, which is several times faster than making datetime objects of them.
    """
    if value is None or isinstance(value, str):
        return value
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def iso_date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def attach(
    parents: Iterable[dict],
    children: Iterable[dict],
    *,
    into: str,
    child_key: RowKey,
    parent_key: RowKey = itemgetter("id"),
) -> Iterator[dict]:
    """Give each parent, under `into`, the list of children with the same key (a merge join).

    Both inputs must be sorted by their key, ascending, so each is read once, in step.
    Children whose parent is not among the parents (rows stored between two queries) are
    skipped.
    """
    children = iter(children)
    pending = next(children, None)
    for parent in parents:
        key = parent_key(parent)
        group = []
        while pending is not None and child_key(pending) <= key:
            if child_key(pending) == key:
                group.append(pending)
            pending = next(children, None)
        parent[into] = group
        yield parent


def chunked(pieces: Iterable[str]) -> Iterator[str]:
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= CHUNK_CHARS:
            yield "".join(buffer)
            buffer.clear()
            size = 0
    if buffer:
        yield "".join(buffer)


def dumps(value) -> str:
    # orjson writes what json.dumps(ensure_ascii=False, separators=(",", ":")) writes (the
    # same escapes for every code point), 15 times faster: encoding was a third of an export.
    text = orjson.dumps(value).decode()
    # JSON allows these raw inside strings, but many line readers (Python's splitlines,
    # JavaScript before ES2019) take them for line ends: escape them, as DRF does.
    return (
        text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\u0085")
    )


# JSONL: article records first, then one record per span with its verdicts and evidence.


def article_record(article: dict) -> dict:
    return {
        "type": "article",
        "id": article["id"],
        "title": article["title"],
        "source": article["source"],
        "url": article["url"],
        "byline": article["byline"],
        "published": iso_date(article["published"]),
        "language": article["language"],
        "status": article["status"],
        "blind_review": article["blind_review"],
        "revision": article["revision"],
        "text_sha256": article["text_sha256"],
        "created_by": article["created_by_username"],
        "created_at": timestamp(article["created"]),
        "updated_at": timestamp(article["updated"]),
        "text": article["text"],
    }


def _verdict_record(verdict: dict) -> dict:
    return {
        "id": verdict["id"],
        "reviewer": verdict["reviewer_username"],
        "label": verdict["label"],
        "rationale": verdict["rationale"],
        "version": verdict["version"],
        "created_at": timestamp(verdict["created"]),
        "updated_at": timestamp(verdict["updated"]),
        "evidence": [
            {"url": item["url"], "title": item["title"], "note": item["note"]}
            for item in verdict["evidence"]
        ],
    }


def _publication_record(span: dict) -> dict | None:
    """The span's publication, read into its row as `publication_*` columns (no id: none)."""
    if span["publication_id"] is None:
        return None
    return {
        "explanation": span["publication_explanation"],
        "evidence": [
            {"url": link["url"], "title": link["title"]} for link in span["publication_evidence"]
        ],
        "slug": span["publication_slug"],
        "published_at": timestamp(span["publication_published"]),
        "published_by": span["publication_published_by"],
        "created_at": timestamp(span["publication_created"]),
        "updated_at": timestamp(span["publication_updated"]),
    }


def span_record(span: dict) -> dict:
    """A span with `highlighters` (usernames) and `verdicts` (each with `evidence`) attached,
    and its publication's `publication_*` columns."""
    return {
        "type": "span",
        "id": span["id"],
        "article": span["article_id"],
        "start": span["start"],
        "end": span["end"],
        "quote": span["quote"],
        "prefix": span["prefix"],
        "suffix": span["suffix"],
        "claim": span["claim"],
        "speaker": span["speaker"],
        "created_by": span["created_by_username"],
        "highlighters": [row["username"] for row in span["highlighters"]],
        "created_at": timestamp(span["created"]),
        "updated_at": timestamp(span["updated"]),
        "is_orphaned": span["is_orphaned"],
        "state": span["state"],
        "final_label": span["final_label"] or None,
        "moderated_by": span["moderated_by_username"],
        "moderated_at": timestamp(span["moderated"]),
        "moderation_note": span["moderation_note"],
        "verdicts": [_verdict_record(verdict) for verdict in span["verdicts"]],
        "publication": _publication_record(span),
    }


def link_record(link: dict) -> dict:
    """Two exported claims a reviewer confirmed as the same claim, or ruled out."""
    return {
        "type": "link",
        "span": link["span_id"],
        "other": link["other_id"],
        "relation": link["relation"],
        "created_by": link["created_by_username"],
        "created_at": timestamp(link["created"]),
        "updated_at": timestamp(link["updated"]),
    }


def jsonl(records: Iterable[dict]) -> Iterator[str]:
    """One JSON object per line (UTF-8, no ASCII escaping)."""
    return chunked(dumps(record) + "\n" for record in records)


# CSV: one row per verdict.


def _neutralise(text: str) -> str:
    return "'" + text if FORMULA_START.match(text) else text


def verdict_csv_row(verdict: dict) -> list:
    """A verdict with its span's and article's columns and `evidence` (rows with a url).

    The free-text cells are neutralised here, the only cells a person can write: the others
    are numbers, choices and timestamps, and checking them too took a third of the export.
    """
    return [
        verdict["id"],
        verdict["span_id"],
        verdict["article_id"],
        _neutralise(verdict["article_title"]),
        _neutralise(verdict["article_url"]),
        verdict["start"],
        verdict["end"],
        _neutralise(verdict["quote"]),
        _neutralise(verdict["claim"]),
        _neutralise(verdict["reviewer_username"]),
        verdict["label"],
        _neutralise(verdict["rationale"]),
        _neutralise("\n".join(item["url"] for item in verdict["evidence"])),
        verdict["version"],
        timestamp(verdict["created"]),
        timestamp(verdict["updated"]),
        verdict["span_state"],
        verdict["final_label"],
    ]


# Rows handed to csv.writer per writerows call: one call per row was a fifth of the export.
CSV_BATCH_ROWS = 500


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def csv_lines(header: Iterable[str], rows: Iterable[list]) -> Iterator[str]:
    """RFC 4180 CSV with a UTF-8 byte order mark, so spreadsheets pick the right encoding.

    Rows are written as given: verdict_csv_row has neutralised the cells a spreadsheet could
    run as formulas.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(list(header))
    yield "\ufeff" + _take(buffer)
    for batch in batched(rows, CSV_BATCH_ROWS):
        writer.writerows(batch)
        if buffer.tell() >= CHUNK_CHARS:
            yield _take(buffer)
    if buffer.tell():
        yield _take(buffer)
