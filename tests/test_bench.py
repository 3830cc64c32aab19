"""`python -m tests.bench` runs end to end at a tiny size in its own database (no timing)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

PROJECT = Path(__file__).resolve().parents[1]

IN_PROCESS = [
    "reader page, 5 spans",
    "reader page, 40 spans",
    "reader live-update check, nothing changed (304)",
    "htmx span create",
    "htmx verdict set, first",
    "htmx verdict set, change",
    "htmx verdict set, new claim",
    "API span create",
    "API verdict create",
    "API page of 100 spans",
    "API article with all 40 spans",
]
EXPORTS = ["export JSONL, ", "export CSV, "]
# The peers' workload over HTTP at the tiny size: 3 articles, 4 labelled claims each.
HTTP_ROWS = [
    "HTTP 3 article creates",
    "HTTP 12 labelled claims, 1 request each",
    "HTTP bulk import, 12 labelled claims",
    "HTTP article with spans x3",
    "HTTP JSONL export, everything",
    "HTTP 2 clients x 1 s, claims",
]

# The public fact checks at the tiny size: 25 published, pages of 20.
PUBLIC_ROWS = [
    "public check page, rendered",
    "public check page, 304 to its ETag",
    "public list /checks/, 20 of 25",
    "public feed /checks/feed/, 25 entries",
    "/sitemap.xml, 26 URLs",
]


def run_bench(tmp_path: Path, *arguments: str, database_url: str | None = None) -> dict:
    report = tmp_path / "bench.json"
    env = dict(os.environ)
    if database_url:
        env["DATABASE_URL"] = database_url
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.bench",
            "--size",
            "tiny",
            "--json",
            str(report),
            *arguments,
        ],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    data = json.loads(report.read_text())
    data["stdout"] = completed.stdout
    return data


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory) -> dict:
    return run_bench(tmp_path_factory.mktemp("bench"))


def _row(report: dict, name: str) -> dict:
    matches = [row for row in report["results"] if row["name"].startswith(name)]
    assert len(matches) == 1, f"{name!r} not in {[row['name'] for row in report['results']]}"
    return matches[0]


@pytest.mark.parametrize("name", IN_PROCESS)
def test_tiny_run_measures_each_request_with_its_query_count(tiny_run, name):
    row = _row(tiny_run, name)

    assert row["status"] == "measured"
    assert row["n"] == 3
    assert 0 < row["median_ms"] <= row["p95_ms"]
    assert row["queries"] > 0
    assert row["peak_mb"] > 0
    assert isinstance(row["met"], bool)


@pytest.mark.parametrize("name", EXPORTS)
def test_tiny_run_measures_each_export_rate_and_peak_memory(tiny_run, name):
    row = _row(tiny_run, name)

    assert row["status"] == "measured"
    assert row["rows_per_s"] > 0
    assert row["peak_mb"] >= row["details"]["baseline_rss_mb"] > 0
    assert row["details"]["verdicts"] >= 1200
    assert row["details"]["lines"] >= row["details"]["verdicts"] // 3


def test_tiny_run_compares_exports_with_copy_on_postgresql_only(tiny_run):
    names = [row["name"] for row in tiny_run["results"]]
    on_postgresql = tiny_run["database"]["vendor"] == "postgresql"

    assert ("COPY of the same rows (PostgreSQL)" in names) is on_postgresql
    if on_postgresql:
        assert _row(tiny_run, "COPY of the same rows")["rows_per_s"] > 0
        assert _row(tiny_run, "export JSONL")["details"]["copy_ratio"] > 0


def test_tiny_run_loads_gunicorn_without_errors_on_postgresql(tiny_run):
    row = _row(tiny_run, "load: ")

    if tiny_run["database"]["vendor"] == "postgresql":
        assert row["status"] == "measured"
        assert row["details"]["errors"] == 0
        assert row["details"]["requests"] == row["n"] > 0
        assert row["rows_per_s"] > 0
        assert set(row["details"]["by_request"]) == {
            "reader page",
            "htmx span create",
            "htmx verdict set",
            "API page of 100",
        }
    else:
        assert row["status"] == "skipped: needs PostgreSQL"


@pytest.mark.parametrize("name", HTTP_ROWS)
def test_tiny_run_measures_the_peers_workload_over_http(tiny_run, name):
    row = _row(tiny_run, name)

    assert row["status"] == "measured"
    assert row["n"] > 0
    assert 0 < row["median_ms"] <= row["p95_ms"]
    assert isinstance(row["met"], bool)


def test_http_bulk_import_stores_every_labelled_claim_in_one_request(tiny_run):
    row = _row(tiny_run, "HTTP bulk import")

    assert row["details"]["labelled_claims"] == 12
    assert row["details"]["articles"] == 3
    assert row["rows_per_s"] > 0


def test_http_concurrent_clients_store_claims_without_errors(tiny_run):
    row = _row(tiny_run, "HTTP 2 clients")

    assert row["details"]["errors"] == 0
    assert row["details"]["by_request"]["labelled claim"]["n"] > 0


@pytest.mark.parametrize(
    "name", ["largest upload: HTML, 400 tags", "largest revision: 20,000 chars, 20 spans"]
)
def test_tiny_run_measures_the_largest_upload_and_revision(tiny_run, name):
    row = _row(tiny_run, name)

    assert row["status"] == "measured"
    assert 0 < row["median_ms"] <= row["p95_ms"]
    assert row["peak_mb"] > 0


def test_a_run_without_only_leaves_out_the_fault_run(tiny_run):
    assert not [row for row in tiny_run["results"] if row["name"].startswith("faults")]


def test_the_fault_run_needs_postgresql(tmp_path):
    # On SQLite whatever database the suite runs on: on PostgreSQL it would restart the server.
    url = f"sqlite:///{tmp_path / 'users.sqlite3'}"

    report = run_bench(tmp_path, "--only", "faults", database_url=url)

    assert [row["status"] for row in report["results"]] == ["skipped: needs PostgreSQL"]


def test_the_http_group_runs_alone(tmp_path):
    report = run_bench(tmp_path, "--only", "http")

    assert [row["name"] for row in report["results"]] == HTTP_ROWS


def test_reader_query_count_is_the_same_for_5_and_40_spans(tiny_run):
    small = _row(tiny_run, "reader page, 5 spans")
    large = _row(tiny_run, "reader page, 40 spans")

    assert small["queries"] == large["queries"]


def test_tiny_run_prints_the_table_and_describes_the_machine(tiny_run):
    assert "median ms" in tiny_run["stdout"]
    assert "reader page, 40 spans" in tiny_run["stdout"]
    assert tiny_run["machine"]["cpus"] >= 1
    assert tiny_run["corpus"]["verdicts"] == 3 * tiny_run["corpus"]["spans"]


def _database_exists(name: str) -> bool:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone()[0] > 0
    return Path(name).exists()


@pytest.mark.django_db
def test_bench_drops_its_own_database_afterwards(tiny_run):
    assert not _database_exists(tiny_run["database"]["name"])


@pytest.mark.django_db
def test_bench_never_creates_or_needs_the_configured_database(tmp_path):
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        absent = f"factcheck_absent_{os.getpid()}"
        url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{absent}"
    else:
        absent = str(tmp_path / "users.sqlite3")
        url = f"sqlite:///{absent}"

    report = run_bench(tmp_path, "--only", "reader", database_url=url)

    assert [row["status"] for row in report["results"]] == ["measured"] * 3
    assert report["database"]["name"] != absent
    assert not _database_exists(absent)


def test_tiny_run_times_the_statistics_computation(tiny_run):
    row = _row(tiny_run, "statistics computed")

    assert row["status"] == "measured"
    assert row["median_ms"] > 0


@pytest.mark.parametrize("name", ["statistics page, everything", "statistics page, one source"])
def test_tiny_run_measures_the_statistics_page_over_stored_figures(tiny_run, name):
    row = _row(tiny_run, name)

    assert row["status"] == "measured"
    assert 0 < row["median_ms"] <= row["p95_ms"]
    assert row["queries"] > 0
    assert row["details"]["verdicts"] >= 1200


@pytest.mark.parametrize("name", PUBLIC_ROWS)
def test_tiny_run_measures_the_public_fact_checks_without_sign_in(tiny_run, name):
    row = _row(tiny_run, name)

    assert row["status"] == "measured"
    assert row["n"] == 3
    assert 0 < row["median_ms"] <= row["p95_ms"]
    assert row["queries"] > 0
    assert row["details"]["published"] == 25
    assert isinstance(row["met"], bool)


def test_the_public_page_answers_its_etag_with_no_more_queries(tiny_run):
    page = _row(tiny_run, "public check page, rendered")
    not_modified = _row(tiny_run, "public check page, 304")

    assert page["target"] == "median ≤ 10 ms"
    assert not_modified["details"]["etag"].startswith('W/"')
    assert not_modified["queries"] <= page["queries"]


def test_the_public_group_runs_alone(tmp_path):
    report = run_bench(tmp_path, "--only", "public")

    assert [row["name"] for row in report["results"]] == PUBLIC_ROWS
