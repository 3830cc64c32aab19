"""How big each benchmark run is: the full size the targets are set for, quick, and tiny."""

from dataclasses import dataclass

from annotations.importers import MAX_HTML_ELEMENTS
from annotations.models import MAX_TEXT_LENGTH
from tests.bench.http_workload import Workload


@dataclass(frozen=True)
class Size:
    name: str
    reader_chars: int
    reader_spans: int
    reader_overlapping: int
    # A second, small article: the reader's query count must be the same on both.
    small_reader_spans: int
    # Spans stored (all articles) when the API is measured.
    api_spans: int
    # Verdicts stored when the exports are measured (three per span).
    export_verdicts: int
    bulk_article_chars: int
    bulk_article_spans: int
    repeats: int
    warmup: int
    load_seconds: float
    load_warmup: float
    load_clients: int
    # The peers' workload over HTTP (tests.bench.http_workload).
    http: Workload
    # The largest upload and revision (tests.bench.limits).
    limits_upload_tags: int
    limits_revision_chars: int
    limits_revision_spans: int
    # Settled claims published as public fact checks (the "public" group).
    public_checks: int


SIZES = {
    "full": Size(
        name="full",
        reader_chars=50_000,
        reader_spans=1_000,
        reader_overlapping=200,
        small_reader_spans=10,
        api_spans=100_000,
        export_verdicts=1_000_000,
        bulk_article_chars=6_000,
        bulk_article_spans=100,
        repeats=30,
        warmup=3,
        load_seconds=20,
        load_warmup=3,
        load_clients=16,
        http=Workload(
            articles=100, chars=4_000, spans_per_article=20, fetches=50, clients=8, seconds=20
        ),
        limits_upload_tags=MAX_HTML_ELEMENTS,
        limits_revision_chars=MAX_TEXT_LENGTH,
        limits_revision_spans=250,
        public_checks=1_000,
    ),
    "quick": Size(
        name="quick",
        reader_chars=50_000,
        reader_spans=1_000,
        reader_overlapping=200,
        small_reader_spans=10,
        api_spans=10_000,
        export_verdicts=60_000,
        bulk_article_chars=6_000,
        bulk_article_spans=100,
        repeats=10,
        warmup=2,
        load_seconds=3,
        load_warmup=1,
        load_clients=16,
        http=Workload(
            articles=100, chars=4_000, spans_per_article=20, fetches=50, clients=8, seconds=5
        ),
        limits_upload_tags=MAX_HTML_ELEMENTS,
        limits_revision_chars=MAX_TEXT_LENGTH,
        limits_revision_spans=250,
        public_checks=1_000,
    ),
    # For the test suite: every measurement runs, in seconds.
    "tiny": Size(
        name="tiny",
        reader_chars=3_000,
        reader_spans=40,
        reader_overlapping=8,
        small_reader_spans=5,
        api_spans=300,
        export_verdicts=1_200,
        bulk_article_chars=2_000,
        bulk_article_spans=20,
        repeats=3,
        warmup=1,
        load_seconds=3,
        load_warmup=1,
        load_clients=4,
        http=Workload(
            articles=3, chars=1_500, spans_per_article=4, fetches=3, clients=2, seconds=1
        ),
        limits_upload_tags=400,
        limits_revision_chars=20_000,
        limits_revision_spans=20,
        public_checks=25,
    ),
}
