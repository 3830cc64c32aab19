"""Export formats in annotations.exports, on plain rows: no database."""

import csv
import io
import json
import tracemalloc
from itertools import islice
from operator import itemgetter

import pytest

from annotations import exports
from tests.export_rows import UPDATED, publication_columns, span_row, verdict_row


def test_timestamp_is_utc_with_z():
    assert exports.timestamp(UPDATED) == "2026-03-02T10:00:05.123000Z"
    assert exports.timestamp(None) is None


def test_timestamp_passes_text_the_database_formatted_through():
    assert exports.timestamp("2026-03-02T10:00:05.123000Z") == "2026-03-02T10:00:05.123000Z"


def test_attach_gives_each_parent_its_children_in_one_pass():
    parents = [{"id": 1}, {"id": 2}, {"id": 4}]
    children = [{"p": 1, "n": "a"}, {"p": 1, "n": "b"}, {"p": 3, "n": "stray"}, {"p": 4, "n": "c"}]

    result = list(exports.attach(parents, children, child_key=itemgetter("p"), into="kids"))

    assert [[kid["n"] for kid in parent["kids"]] for parent in result] == [["a", "b"], [], ["c"]]


def test_attach_merges_on_composite_keys():
    parents = [{"id": 9, "span_id": 1}, {"id": 3, "span_id": 2}]
    children = [{"span_id": 1, "verdict_id": 9}, {"span_id": 2, "verdict_id": 3}]

    result = exports.attach(
        parents,
        children,
        into="evidence",
        child_key=itemgetter("span_id", "verdict_id"),
        parent_key=itemgetter("span_id", "id"),
    )

    assert [len(parent["evidence"]) for parent in result] == [1, 1]


def test_attach_is_lazy():
    def parents():
        yield {"id": 1}
        raise AssertionError("read past the first parent")

    first = next(exports.attach(parents(), iter([]), child_key=itemgetter("p"), into="kids"))

    assert first == {"id": 1, "kids": []}


def test_span_record_holds_offsets_quote_verdicts_and_final_verdict():
    record = exports.span_record(span_row())

    assert record["type"] == "span"
    assert (record["article"], record["start"], record["end"]) == (2, 4, 12)
    assert record["quote"] == "minister"
    assert record["final_label"] == "disputed"
    assert record["highlighters"] == ["alice"]
    assert record["verdicts"][0]["label"] == "disputed"
    assert record["verdicts"][0]["evidence"] == [
        {"url": "https://stats.example/march", "title": "March", "note": ""}
    ]


def test_span_record_writes_an_unsettled_final_verdict_as_null():
    assert exports.span_record(span_row(final_label=""))["final_label"] is None


def test_span_record_without_a_publication_has_null():
    assert exports.span_record(span_row())["publication"] is None


def test_span_record_carries_its_publication():
    record = exports.span_record(span_row(**publication_columns()))

    assert record["publication"] == {
        "explanation": "The office's March figure was 4.6 percent.",
        "evidence": [{"url": "https://stats.example/march", "title": "March"}],
        "slug": "unemployment-fell-to-4-2-percent",
        "published_at": "2026-03-03T08:15:00Z",
        "published_by": "maria",
        "created_at": "2026-03-01T09:30:00Z",
        "updated_at": "2026-03-02T10:00:05.123000Z",
    }


def test_span_record_writes_an_unpublished_draft_with_null_publication_time():
    row = span_row(**publication_columns(publication_published=None))

    assert exports.span_record(row)["publication"]["published_at"] is None


def test_jsonl_writes_one_parsable_object_per_line_without_ascii_escapes():
    records = [exports.span_record(span_row(pk, quote="😀 é")) for pk in range(1, 4)]

    text = "".join(exports.jsonl(records))

    lines = text.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [1, 2, 3]
    assert "😀 é" in text


def test_jsonl_yields_in_chunks_before_reading_every_row():
    def endless():
        while True:
            yield {"type": "span"}

    first_chunk = next(exports.jsonl(endless()))

    assert exports.CHUNK_CHARS <= len(first_chunk) < exports.CHUNK_CHARS + 100


def test_jsonl_yields_a_huge_record_in_a_chunk_of_its_own():
    records = [{"text": "x" * exports.CHUNK_CHARS}, {"text": "y"}]

    chunks = list(exports.jsonl(records))

    assert len(chunks) == 2


def test_csv_starts_with_a_byte_order_mark_and_parses_back_to_the_same_rows():
    rows = [
        exports.verdict_csv_row(verdict_row(1, rationale='Says "4.6",\nnot 4.2')),
        exports.verdict_csv_row(verdict_row(2, quote="日本語 😀")),
    ]

    text = "".join(exports.csv_lines(exports.CSV_COLUMNS, rows))

    assert text.startswith("\ufeff")
    parsed = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert parsed[0] == list(exports.CSV_COLUMNS)
    assert parsed[1:] == [[str(cell) for cell in row] for row in rows]


def test_csv_row_lists_evidence_urls_one_per_line():
    row = verdict_row(evidence=[{"url": "https://a.example"}, {"url": "https://b.example"}])

    cell = exports.verdict_csv_row(row)[exports.CSV_COLUMNS.index("evidence_urls")]

    assert cell == "https://a.example\nhttps://b.example"


@pytest.mark.parametrize("dangerous", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_csv_neutralises_cells_a_spreadsheet_would_run_as_formulas(dangerous):
    row = exports.verdict_csv_row(verdict_row(rationale=dangerous))

    text = "".join(exports.csv_lines(exports.CSV_COLUMNS, [row]))

    parsed = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))[1]
    assert parsed[exports.CSV_COLUMNS.index("rationale")] == "'" + dangerous


def test_csv_leaves_numbers_unprefixed():
    text = "".join(exports.csv_lines(["n"], [[-5]]))

    assert text.splitlines()[1] == "-5"


def _peak_memory_of_jsonl(rows: int) -> int:
    records = (exports.span_record(span_row(pk)) for pk in range(rows))
    tracemalloc.start()
    for _chunk in exports.jsonl(records):
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_jsonl_memory_does_not_grow_with_rows():
    small, large = _peak_memory_of_jsonl(2_000), _peak_memory_of_jsonl(20_000)

    assert large < small * 1.5


def test_csv_lines_are_lazy():
    rows = ([n] for n in range(10**9))

    chunks = list(islice(exports.csv_lines(["n"], rows), 2))

    assert chunks[0] == "\ufeffn\r\n"
    assert len(chunks[1]) >= exports.CHUNK_CHARS


def test_jsonl_escapes_characters_line_readers_take_for_line_ends():
    text = "".join(exports.jsonl([{"quote": "a\u2028b\u2029c\x85d"}]))

    assert text.splitlines() == ['{"quote":"a\\u2028b\\u2029c\\u0085d"}']
    assert json.loads(text)["quote"] == "a\u2028b\u2029c\x85d"
