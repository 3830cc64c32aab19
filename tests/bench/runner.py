"""The benchmark's measurements, in order: the peers' workload over HTTP (on the empty
database), then corpus, reader, htmx clicks, API, public fact checks, exports, load.

Requests go through the real URLs, views and API: the reader, htmx, API and public rows in this
process through Django's test Client (the WSGI handler, with no network in between), the
exports in a fresh process each, and the load test over HTTP against gunicorn.
"""

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils.crypto import get_random_string
from rest_framework.authtoken.models import Token

from annotations import services, snapshots
from annotations.feeds import FEED_LENGTH
from annotations.models import Label, Span, Verdict
from annotations.statistics import Scope
from annotations.views.public import CHECKS_PER_PAGE
from tests.bench import claim_memory, faults, load
from tests.bench.corpus import (
    SPEAKER,
    VERDICTS_PER_SPAN,
    ArticleInfo,
    CorpusBuilder,
    create_people,
    explanation,
    free_ranges,
    publish_checks,
    restated,
)
from tests.bench.database import database_url
from tests.bench.http_workload import WORKERS, HttpWorkload, article_text
from tests.bench.limits import largest_upload, repetitive_text
from tests.bench.measure import Result, UnexpectedResponse, time_requests
from tests.bench.sizes import Size

GROUPS = (
    "http",
    "reader",
    "htmx",
    "api",
    "public",
    "memory",
    "export",
    "stats",
    "load",
    "limits",
    "faults",
)
# What a run without --only measures: everything but the fault run, which restarts the
# PostgreSQL server (every connection to it breaks, the benchmark's own included).
DEFAULT_GROUPS = tuple(group for group in GROUPS if group != "faults")
# The groups measured on the synthetic corpus (built only when one of them is asked for).
CORPUS_GROUPS = {"reader", "htmx", "api", "public", "memory", "export", "stats", "load"}

READER_TARGET_MS = 50
CLICK_TARGET_MS = 15
# Issue 14: the reader's live-update check costs "about a millisecond" when nothing changed.
LIVE_CHECK_TARGET_MS = 2
API_CREATE_TARGET_MS = 5
API_PAGE_TARGET_MS = 25
# Issue 13: a public fact-check page, on the server.
PUBLIC_PAGE_TARGET_MS = 10
# Issue 12: claim search and "Seen before" with 100,000 claims; the app's memory with the
# claim model and every vector loaded.
MEMORY_TARGET_MS = 50
MEMORY_TARGET_MB = 300
EXPORT_TARGET_ROWS_PER_S = 100_000
EXPORT_TARGET_COPY_RATIO = 0.3
EXPORT_TARGET_PEAK_MB = 200
LOAD_TARGET_P95_MS = 150
# Issue 15: the statistics page at the export's size (1,000,000 verdicts in the full run).
STATS_TARGET_MS = 500
STATS_REPEATS = 10
# The fault run: client threads, and seconds of load before and after the restart.
FAULT_CLIENTS = 4
FAULT_BEFORE_S = 3
FAULT_AFTER_S = 5
# The largest upload and revision must finish well within gunicorn's worker timeout (30 s).
LIMITS_TARGET_MS = 30_000
# Issue 16: one request per labelled claim, bulk import, concurrent clients (over HTTP).
HTTP_CLAIM_TARGET_MS = {"sqlite": 5, "postgresql": 7}
HTTP_BULK_TARGET_CLAIMS_PER_S = 5_000
HTTP_CONCURRENT_TARGET_CLAIMS_PER_S = 300
API_PAGE_SIZE = 100
# Every export streams all verdicts; rows/s counts verdicts (JSONL has one line per span,
# holding its verdicts, after one line per article).
EXPORTS = (
    ("JSONL", "api:export-spans"),
    ("CSV", "api:export-verdicts"),
    ("W3C JSON-LD", "api:export-annotations"),
)

# The masked token the reader puts in <body hx-headers>, which htmx sends as X-CSRFToken.
_PAGE_CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')


class EndpointMissing(Exception):
    """A URL the benchmark measures does not exist (yet): the row says so, with no number."""


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        raise EndpointMissing(name) from None


def child_environment() -> dict[str, str]:
    """Production-like settings for the processes the benchmark starts, on its database."""
    return {
        "DJANGO_SETTINGS_MODULE": "tests.bench.server_settings",
        "DATABASE_URL": database_url(),
        "DEBUG": "False",
        # The same key as this process: the sessions it signs for the load clients must hold.
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "False",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "PYTHONWARNINGS": "ignore:No directory at",
    }


class Bench:
    def __init__(self, size: Size, *, only: tuple[str, ...] = DEFAULT_GROUPS, log=print) -> None:
        self.size = size
        self.only = only
        self.log = log
        self.results: list[Result] = []
        self.corpus: dict = {}

    # Orchestration

    def run(self) -> list[Result]:
        size = self.size
        started = time.perf_counter()
        self.people = create_people(size.load_clients)
        if "http" in self.only:
            self._measure_http()
        if CORPUS_GROUPS & set(self.only):
            self._measure_on_corpus(started)
        if "limits" in self.only:
            with self._in_process_settings():
                self._measure_limits()
        if "faults" in self.only:
            self._measure_faults()
        return self.results

    def _measure_on_corpus(self, started: float) -> None:
        size = self.size
        self.builder = CorpusBuilder(self.people)
        [self.reader] = self.builder.add_articles(
            count=1,
            chars=size.reader_chars,
            spans=size.reader_spans,
            overlapping=size.reader_overlapping,
            title="Long read",
        )
        [self.small] = self.builder.add_articles(
            count=1,
            chars=size.bulk_article_chars,
            spans=size.small_reader_spans,
            title="Short read",
        )
        self.load_articles = self.builder.add_articles(
            count=size.load_clients,
            chars=size.bulk_article_chars,
            spans=size.bulk_article_spans,
            overlapping=size.bulk_article_spans // 5,
            title="Typical report",
        )
        self._grow(spans=size.api_spans, started=started)
        with self._in_process_settings():
            for group in ("reader", "htmx", "api", "public", "memory"):
                if group in self.only:
                    getattr(self, f"_measure_{group}")()
        if {"export", "stats", "load"} & set(self.only):
            self._grow(spans=-(-size.export_verdicts // VERDICTS_PER_SPAN), started=started)
        if "export" in self.only:
            self._measure_export()
        if "stats" in self.only:
            with self._in_process_settings():
                self._measure_stats()
        if "load" in self.only:
            self._measure_load()

    def _grow(self, *, spans: int, started: float) -> None:
        size = self.size
        self.builder.grow_to(
            spans=spans, chars=size.bulk_article_chars, spans_per_article=size.bulk_article_spans
        )
        self.builder.finish()
        totals = self.builder.totals
        self.corpus = {
            "articles": totals.articles,
            "spans": totals.spans,
            "verdicts": totals.verdicts,
            "evidence": totals.evidence,
            "seconds": round(time.perf_counter() - started, 1),
        }
        self.log(
            f"Corpus: {totals.articles:,} articles, {totals.spans:,} spans, "
            f"{totals.verdicts:,} verdicts, {totals.evidence:,} evidence links "
            f"({self.corpus['seconds']} s so far)."
        )

    @contextmanager
    def _in_process_settings(self) -> Iterator[None]:
        # As in production: DEBUG off, so Django keeps no log of queries during timed runs.
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
            yield

    def _record(
        self, name: str, target: str, measure: Callable[[], dict], meets: Callable[[dict], bool]
    ) -> Result:
        self.log(f"Measuring {name}...")
        try:
            values = measure()
        except EndpointMissing as missing:
            result = Result(name, target, status=f"not measured: endpoint missing ({missing})")
        except UnexpectedResponse as error:
            result = Result(name, target, status=f"failed: {error}")
        else:
            met = meets(values)
            result = Result(name, target, **values, met=met)
        self.results.append(result)
        return result

    def _client(self, user, **headers) -> Client:
        client = Client(enforce_csrf_checks=True, headers=headers)
        client.force_login(user)
        return client

    # 1. Reader page

    def _measure_reader(self) -> None:
        client = self._client(self.people.actor)
        size = self.size

        def page(article: ArticleInfo) -> Callable[[], dict]:
            url = _url("annotations:article-detail", article.id)
            return lambda: time_requests(
                lambda: client.get(url), repeats=size.repeats, warmup=size.warmup
            )

        small = self._record(
            f"reader page, {len(self.small.ranges):,} spans",
            "(query baseline)",
            page(self.small),
            lambda values: True,
        )
        self._record(
            f"reader page, {len(self.reader.ranges):,} spans",
            f"median ≤ {READER_TARGET_MS} ms, queries = baseline",
            page(self.reader),
            lambda values: (
                values["median_ms"] <= READER_TARGET_MS and values["queries"] == small.queries
            ),
        )

        # Live updates: the page asks every few seconds whether anything changed.
        live_url = _url("annotations:article-live", self.reader.id)

        def live_check() -> dict:
            version = client.get(live_url).headers["ETag"]
            return time_requests(
                lambda: client.get(live_url, headers={"If-None-Match": version}),
                repeats=size.repeats,
                warmup=size.warmup,
                expected=(304,),
            )

        self._record(
            "reader live-update check, nothing changed (304)",
            f"median ≤ {LIVE_CHECK_TARGET_MS} ms",
            live_check,
            lambda values: values["median_ms"] <= LIVE_CHECK_TARGET_MS,
        )

    # 2. The clicks in the reader (htmx)

    def _htmx_client(self, article: ArticleInfo) -> Client:
        """A reader page's session: the CSRF token the page carries, the headers htmx sends."""
        client = self._client(self.people.actor)
        page_url = _url("annotations:article-detail", article.id)
        page = client.get(page_url)
        if page.status_code != 200:
            raise UnexpectedResponse(f"GET {page_url} answered HTTP {page.status_code}")
        token = _PAGE_CSRF.search(page.content.decode())
        client.defaults.update(
            {
                "HTTP_HX_REQUEST": "true",
                "HTTP_HX_CURRENT_URL": f"http://testserver{page_url}",
                "HTTP_X_CSRFTOKEN": token.group(1) if token else client.cookies["csrftoken"].value,
            }
        )
        return client

    def _measure_htmx(self) -> None:
        size = self.size
        article = self.reader
        runs = size.warmup + 2 + size.repeats
        ranges = iter(free_ranges(article.text, article.ranges, runs))
        versions: dict[int, int] = {}

        def create() -> dict:
            client = self._htmx_client(article)
            url = _url("annotations:span-create", article.id)

            def click():
                start, end = next(ranges)
                data = {"start": start, "end": end, "quote": article.text[start:end]}
                headers = {"HX-Target": "claim-panel", "HX-Trigger": "span-create-form"}
                return client.post(url, data, headers=headers)

            return time_requests(click, repeats=size.repeats, warmup=size.warmup, expected=(201,))

        def verdict(first: bool, span_ids: Callable[[], list[int]] | None = None):
            def measure() -> dict:
                client = self._htmx_client(article)
                _url("annotations:verdict-set", article.span_ids[0])
                # The first pass gives the actor's first verdict on each span; the second pass
                # changes those same verdicts, sending the version the page showed.
                if span_ids is not None:
                    chosen = iter(span_ids())
                else:
                    chosen = iter(article.span_ids[:runs] if first else list(versions))
                labels = iter(Label.values * runs)

                def click():
                    span_id = next(chosen)
                    data = {
                        "label": next(labels),
                        "rationale": "Checked against the release.",
                        "version": versions.get(span_id, ""),
                    }
                    response = client.post(
                        reverse("annotations:verdict-set", args=[span_id]),
                        data,
                        headers={"HX-Target": "claim-panel", "HX-Trigger": "verdict-form"},
                    )
                    versions[span_id] = versions.get(span_id, 0) + 1
                    return response

                return time_requests(click, repeats=size.repeats, warmup=size.warmup)

            return measure

        target = f"median ≤ {CLICK_TARGET_MS} ms"

        def fast(values: dict) -> bool:
            return values["median_ms"] <= CLICK_TARGET_MS

        def created_claims() -> list[int]:
            # The claims the span-create row just made: no verdict yet, so the first one
            # changes the claim's state and the click redraws its highlight and the legend.
            spans = Span.objects.filter(article_id=article.id).exclude(id__in=article.span_ids)
            return list(spans.order_by("id").values_list("id", flat=True))

        self._record("htmx span create", target, create, fast)
        self._record("htmx verdict set, first", target, verdict(first=True), fast)
        self._record("htmx verdict set, change", target, verdict(first=False), fast)
        self._record(
            "htmx verdict set, new claim",
            target,
            verdict(first=True, span_ids=created_claims),
            fast,
        )

    # 3. The API, one sequential client with a token

    def _api_client(self, user) -> Client:
        token, _ = Token.objects.get_or_create(user=user)
        return Client(headers={"Authorization": f"Token {token.key}"})

    def _measure_api(self) -> None:
        size = self.size
        article = self.small
        client = self._api_client(self.people.actor)
        runs = size.warmup + 2 + size.repeats
        ranges = iter(free_ranges(article.text, article.ranges, runs))
        target = f"median ≤ {API_CREATE_TARGET_MS} ms"

        def fast(limit: float) -> Callable[[dict], bool]:
            return lambda values: values["median_ms"] <= limit

        def create_span() -> dict:
            url = _url("api:span-list")

            def send():
                start, end = next(ranges)
                body = {"article": article.id, "start": start, "end": end}
                return client.post(url, body, content_type="application/json")

            return time_requests(send, repeats=size.repeats, warmup=size.warmup, expected=(201,))

        def create_verdict() -> dict:
            url = _url("api:verdict-list")
            judged = set(
                Verdict.objects.filter(reviewer=self.people.actor).values_list("span", flat=True)
            )
            spans = iter([pk for pk in self.reader.span_ids if pk not in judged])

            def send():
                body = {"span": next(spans), "label": "disputed", "rationale": "Wrong year."}
                return client.post(url, body, content_type="application/json")

            return time_requests(send, repeats=size.repeats, warmup=size.warmup, expected=(201,))

        def page() -> dict:
            url = f"{_url('api:span-list')}?{urlencode({'page_size': API_PAGE_SIZE})}"
            values = time_requests(
                lambda: client.get(url), repeats=size.repeats, warmup=size.warmup
            )
            returned = len(client.get(url).json()["results"])
            values["details"].update(spans_returned=returned, spans_stored=self.corpus["spans"])
            if returned != API_PAGE_SIZE:
                raise UnexpectedResponse(f"GET {url} returned {returned} spans, not 100")
            return values

        def whole_article() -> dict:
            url = f"{_url('api:article-detail', self.reader.id)}?include=spans"
            values = time_requests(
                lambda: client.get(url), repeats=size.repeats, warmup=size.warmup
            )
            values["details"]["spans"] = len(self.reader.ranges)
            return values

        self._record("API span create", target, create_span, fast(API_CREATE_TARGET_MS))
        self._record("API verdict create", target, create_verdict, fast(API_CREATE_TARGET_MS))
        self._record(
            f"API page of {API_PAGE_SIZE} spans",
            f"median ≤ {API_PAGE_TARGET_MS} ms at {self.corpus['spans']:,} spans",
            page,
            fast(API_PAGE_TARGET_MS),
        )
        self._record(
            f"API article with all {len(self.reader.ranges):,} spans",
            "(no target)",
            whole_article,
            lambda values: True,
        )

    # 4. Public fact checks: no sign-in, as a reader or a search engine asks for them

    def _measure_public(self) -> None:
        """Publish settled claims of the typical articles (not those the other groups click
        in): all but one in bulk, the measured page's through the moderator's services."""
        size = self.size
        moderator = self.people.moderator
        clicked = {self.reader.id, self.small.id, *(info.id for info in self.load_articles)}
        pending = list(
            Span.objects.exclude(article_id__in=clicked)
            .filter(state=Span.State.PENDING, is_orphaned=False)
            .order_by("id")
            .values_list("id", flat=True)
        )
        count = size.public_checks
        if len(pending) < count:
            raise ValueError(f"only {len(pending)} claims to publish, {count} needed")
        step = len(pending) / count
        chosen = [pending[int(number * step)] for number in range(count)]
        measured = chosen.pop(count // 2)
        self.log(f"Publishing {count:,} fact checks...")
        publish_checks(chosen, moderator)
        span = Span.objects.get(pk=measured)
        span = services.span_update(
            user=moderator, span=span, claim=restated(span.quote), speaker=SPEAKER
        )
        span = services.span_settle(user=moderator, span=span, final_label=Label.DISPUTED)
        publication = services.span_publish(
            user=moderator, span=span, explanation=explanation(Label.DISPUTED)
        )
        details = {"published": count, "spans_stored": self.corpus["spans"]}
        # A reader's browser: no session, no sign-in.
        client = Client()
        page_url = publication.get_absolute_url()

        def timed(url: str, expected=(200,), headers: dict | None = None) -> dict:
            values = time_requests(
                lambda: client.get(url, headers=headers),
                repeats=size.repeats,
                warmup=size.warmup,
                expected=expected,
            )
            values["details"].update(details)
            return values

        def shown(url: str, marker: bytes, expected: int) -> None:
            found = client.get(url).content.count(marker)
            if found != expected:
                raise UnexpectedResponse(f"GET {url} showed {found} {marker!r}, not {expected}")

        def page() -> dict:
            values = timed(page_url)
            claim = publication.span.claim.encode()
            if claim not in client.get(page_url).content:
                raise UnexpectedResponse(f"GET {page_url} did not show the claim")
            return values

        def not_modified() -> dict:
            etag = client.get(page_url).headers["ETag"]
            values = timed(page_url, expected=(304,), headers={"If-None-Match": etag})
            values["details"]["etag"] = etag
            return values

        def check_list() -> dict:
            url = _url("annotations:check-list")
            values = timed(url)
            shown(url, b'<li class="check-list__item">', min(CHECKS_PER_PAGE, count))
            return values

        def feed() -> dict:
            url = _url("annotations:check-feed")
            values = timed(url)
            shown(url, b"<entry>", min(FEED_LENGTH, count))
            return values

        def sitemap() -> dict:
            url = _url("sitemap")
            values = timed(url)
            # One address per fact check, and the list's.
            shown(url, b"<url>", count + 1)
            return values

        def anything(values: dict) -> bool:
            return True

        self._record(
            "public check page, rendered",
            f"median ≤ {PUBLIC_PAGE_TARGET_MS} ms",
            page,
            lambda values: values["median_ms"] <= PUBLIC_PAGE_TARGET_MS,
        )
        self._record("public check page, 304 to its ETag", "(no target)", not_modified, anything)
        self._record(
            f"public list /checks/, {min(CHECKS_PER_PAGE, count)} of {count:,}",
            "(no target)",
            check_list,
            anything,
        )
        self._record(
            f"public feed /checks/feed/, {min(FEED_LENGTH, count)} entries",
            "(no target)",
            feed,
            anything,
        )
        self._record(f"/sitemap.xml, {count + 1:,} URLs", "(no target)", sitemap, anything)

    # 5. Exports

    def _measure_memory(self) -> None:
        size = self.size
        self.log("Indexing every claim (random vectors: tests.bench.claim_memory)...")
        indexed = claim_memory.index_corpus()
        client = self._api_client(self.people.actor)
        asked = self.small.span_ids[0]
        fast = f"median ≤ {MEMORY_TARGET_MS} ms"

        def meets(values: dict) -> bool:
            return values["median_ms"] <= MEMORY_TARGET_MS

        url = _url("api:span-list")
        for name, query in (("one word", "unemployment"), ("three words", "budget deficit rose")):

            def search(query=query) -> dict:
                return time_requests(
                    lambda: client.get(url, {"q": query, "page_size": 20}),
                    repeats=size.repeats,
                    warmup=size.warmup,
                )

            self._record(f"claim search ({name}), {indexed:,} claims", fast, search, meets)
        similar_url = _url("api:span-similar", asked)

        def similar() -> dict:
            return time_requests(
                lambda: client.get(similar_url), repeats=size.repeats, warmup=size.warmup
            )

        self._record(f"Seen before, {indexed:,} claims", fast, similar, meets)
        self._record(
            "claim vector (the model, per claim)",
            "(background; reference)",
            lambda: claim_memory.time_vectors(size.repeats),
            lambda values: True,
        )
        token, _ = Token.objects.get_or_create(user=self.people.actor)

        def memory() -> dict:
            child = claim_memory.app_memory(
                child_environment(),
                [similar_url, f"{_url('api:span-list')}?q=unemployment"],
                {"Authorization": f"Token {token.key}"},
            )
            return {"n": 1, "peak_mb": child["peak_mb"], "details": child}

        self._record(
            f"app memory, model and {indexed:,} vectors loaded",
            f"peak < {MEMORY_TARGET_MB} MB",
            memory,
            lambda values: values["peak_mb"] < MEMORY_TARGET_MB,
        )

    def _run_child(self, job: dict) -> dict:
        completed = subprocess.run(
            [sys.executable, "-m", "tests.bench.export_child"],
            input=json.dumps(job),
            capture_output=True,
            text=True,
            env={**os.environ, **child_environment()},
            check=False,
        )
        if completed.returncode != 0:
            raise UnexpectedResponse(completed.stderr.strip()[-2000:] or completed.stdout)
        return json.loads(completed.stdout)

    def _measure_export(self) -> None:
        verdicts = Verdict.objects.count()
        token, _ = Token.objects.get_or_create(user=self.people.actor)
        headers = {"Authorization": f"Token {token.key}"}
        copy_rate = None
        if connection.vendor == "postgresql":
            copy = self._record(
                "COPY of the same rows (PostgreSQL)",
                "(reference)",
                lambda: self._export_values(self._run_child({"copy": COPY_VERDICTS}), verdicts),
                lambda values: True,
            )
            copy_rate = copy.rows_per_s
        for name, url_name in EXPORTS:

            def measure(url_name=url_name) -> dict:
                job = {"path": _url(url_name), "headers": headers, "warmup": _url("api:api-root")}
                child = self._run_child(job)
                return self._export_values(child, verdicts)

            targets = [f"≥ {EXPORT_TARGET_ROWS_PER_S:,} rows/s"] if name == "JSONL" else []
            if copy_rate:
                targets.append(f"≥ {EXPORT_TARGET_COPY_RATIO} x COPY")
            targets.append(f"peak < {EXPORT_TARGET_PEAK_MB} MB")

            def meets(values: dict, name=name) -> bool:
                rate = values["rows_per_s"]
                return (
                    values["peak_mb"] < EXPORT_TARGET_PEAK_MB
                    and (name != "JSONL" or rate >= EXPORT_TARGET_ROWS_PER_S)
                    and (not copy_rate or rate >= EXPORT_TARGET_COPY_RATIO * copy_rate)
                )

            result = self._record(
                f"export {name}, {verdicts:,} verdicts", ", ".join(targets), measure, meets
            )
            if copy_rate and result.rows_per_s:
                result.details["copy_ratio"] = result.rows_per_s / copy_rate

    def _export_values(self, child: dict, verdicts: int) -> dict:
        return {
            "n": 1,
            "median_ms": child["seconds"] * 1000,
            "p95_ms": child["seconds"] * 1000,
            "peak_mb": child["peak_rss_mb"],
            "rows_per_s": verdicts / child["seconds"],
            "details": {
                "verdicts": verdicts,
                "bytes": child["bytes"],
                "lines": child["lines"],
                "baseline_rss_mb": child["baseline_rss_mb"],
                "peak_rss_mb": child["peak_rss_mb"],
            },
        }

    # 6. Statistics

    def _measure_stats(self) -> None:
        """The statistics page reads figures computed in the background (annotations.snapshots):
        the computation is timed once, then the page over the stored figures."""
        client = self._client(self.people.actor)
        verdicts = self.corpus["verdicts"]
        url = _url("annotations:statistics")
        source = Span.objects.values_list("article__source", flat=True).first() or ""

        def refresh() -> dict:
            started = time.perf_counter()
            snapshots.refresh(Scope())
            seconds = time.perf_counter() - started
            snapshots.refresh(Scope(source=source))
            return {"n": 1, "median_ms": seconds * 1000, "p95_ms": seconds * 1000}

        def page(query: dict) -> Callable[[], dict]:
            def measure() -> dict:
                address = f"{url}?{urlencode(query)}" if query else url
                values = time_requests(
                    lambda: client.get(address), repeats=STATS_REPEATS, warmup=1
                )
                if b"Figures as of" not in client.get(address).content:
                    raise UnexpectedResponse(f"GET {address} showed no stored figures")
                values["details"]["verdicts"] = verdicts
                return values

            return measure

        def fast(values: dict) -> bool:
            return values["median_ms"] <= STATS_TARGET_MS

        self._record(
            f"statistics computed, {verdicts:,} verdicts",
            "(in the background; no target)",
            refresh,
            lambda values: True,
        )
        target = f"median ≤ {STATS_TARGET_MS} ms at {verdicts:,} verdicts"
        # Figures stay fresh while measured: no view asks the worker for new ones.
        with override_settings(FACTCHECK_STATISTICS_MAX_AGE=24 * 3600):
            self._record("statistics page, everything", target, page({}), fast)
            self._record("statistics page, one source", target, page({"source": source}), fast)

    # 7. Load

    def _measure_load(self) -> None:
        name = f"load: {self.size.load_clients} clients, {self.size.load_seconds:g} s"
        target = f"0 errors, p95 ≤ {LOAD_TARGET_P95_MS} ms"
        if connection.vendor != "postgresql":
            self.results.append(Result(name, target, status="skipped: needs PostgreSQL"))
            return
        self._record(
            name,
            target,
            self._load,
            lambda values: (
                values["details"]["errors"] == 0 and values["p95_ms"] <= LOAD_TARGET_P95_MS
            ),
        )

    def _load(self) -> dict:
        scripts = [
            self._load_script(user, article)
            for user, article in zip(self.people.load_users, self.load_articles, strict=True)
        ]
        workers = load.default_workers()
        with load.gunicorn_server(child_environment(), workers=workers) as port:
            outcome = load.run_load(
                port, scripts, seconds=self.size.load_seconds, warmup=self.size.load_warmup
            )
        summary = outcome.summary()
        summary["workers"] = workers
        return {
            "n": summary["requests"],
            "median_ms": summary["median_ms"],
            "p95_ms": summary["p95_ms"],
            "rows_per_s": summary["requests_per_s"],
            "details": summary,
        }

    def _load_script(self, user, article: ArticleInfo) -> load.Script:
        session = self._client(user)
        token, _ = Token.objects.get_or_create(user=user)
        csrf = get_random_string(32)
        cookies = f"sessionid={session.cookies['sessionid'].value}; csrftoken={csrf}"
        page = _url("annotations:article-detail", article.id)
        create = _url("annotations:span-create", article.id)
        query = urlencode({"article": article.id, "page_size": API_PAGE_SIZE})
        api_page = f"{_url('api:span-list')}?{query}"
        ranges = free_ranges(article.text, article.ranges, 200)
        versions: dict[int, int] = {}
        form = {
            "Cookie": cookies,
            "X-CSRFToken": csrf,
            "HX-Request": "true",
            "HX-Target": "claim-panel",
            "Content-Type": "application/x-www-form-urlencoded",
        }

        def script(number: int) -> load.Request:
            step, turn = number % 4, number // 4
            if step == 0:
                return load.Request("reader page", "GET", page, headers={"Cookie": cookies})
            if step == 1:
                start, end = ranges[turn % len(ranges)]
                body = urlencode({"start": start, "end": end, "quote": article.text[start:end]})
                return load.Request(
                    "htmx span create", "POST", create, body.encode(), form, (201,)
                )
            if step == 2:
                span_id = article.span_ids[turn % len(article.span_ids)]
                version = versions.get(span_id, "")
                versions[span_id] = (version or 0) + 1
                body = urlencode(
                    {"label": Label.values[turn % 3], "rationale": "", "version": version}
                )
                path = reverse("annotations:verdict-set", args=[span_id])
                return load.Request("htmx verdict set", "POST", path, body.encode(), form)
            return load.Request(
                "API page of 100", "GET", api_page, headers={"Authorization": f"Token {token.key}"}
            )

        return script

    # 8. Limits: the largest upload and the largest revision the app accepts

    def _measure_limits(self) -> None:
        size = self.size
        target = f"median ≤ {LIMITS_TARGET_MS // 1000} s (worker timeout 30 s)"
        repeats = min(size.repeats, 3)

        def within_limit(values: dict) -> bool:
            return values["median_ms"] <= LIMITS_TARGET_MS

        browser = Client()
        browser.force_login(self.people.actor)
        uploads = iter(range(1_000))

        def upload() -> dict:
            url = _url("annotations:article-import")

            def send():
                data = largest_upload(next(uploads), size.limits_upload_tags)
                file = SimpleUploadedFile("page.html", data, content_type="text/html")
                return browser.post(url, {"file": file, "language": "en"})

            values = time_requests(send, repeats=repeats, warmup=1, expected=(302,))
            values["details"]["bytes"] = len(largest_upload(0, size.limits_upload_tags))
            values["details"]["tags"] = size.limits_upload_tags
            return values

        def revision() -> dict:
            added = "Update: corrected.\n\n"
            # The longer of the two texts is the longest allowed.
            text = repetitive_text(size.limits_revision_chars - len(added))
            article = services.article_create(
                user=self.people.actor, title="Longest article", text=text
            )
            step = len(text) // size.limits_revision_spans
            for number in range(size.limits_revision_spans):
                start = number * step + (number % 7) * 3
                services.span_create(
                    user=self.people.actor, article=article, start=start, end=start + 40
                )
            client = self._api_client(self.people.actor)
            url = _url("api:article-revise", article.pk)
            # Each revision moves every span (a line added at the top, then taken away).
            texts = iter([added + text, text] * 50)

            def send():
                body = {"text": next(texts)}
                return client.post(url, body, content_type="application/json")

            values = time_requests(send, repeats=repeats, warmup=1)
            values["details"].update(
                chars=len(added + text), spans=size.limits_revision_spans, repetitive=True
            )
            return values

        self._record(
            f"largest upload: HTML, {size.limits_upload_tags:,} tags", target, upload, within_limit
        )
        self._record(
            f"largest revision: {size.limits_revision_chars:,} chars, "
            f"{size.limits_revision_spans} spans",
            target,
            revision,
            within_limit,
        )

    # 9. Faults: PostgreSQL restarted under load

    def _measure_faults(self) -> None:
        name = "faults: PostgreSQL restarted under load"
        target = "0 errors once back, 0 claims lost or half-stored"
        if connection.vendor != "postgresql":
            self.results.append(Result(name, target, status="skipped: needs PostgreSQL"))
            return
        command = faults.restart_command(int(connection.settings_dict.get("PORT") or 5432))
        if command is None:
            status = "skipped: cannot restart PostgreSQL here (needs pg_ctlcluster, as root)"
            self.results.append(Result(name, target, status=status))
            return
        self._record(
            name,
            target,
            lambda: self._faults(command),
            lambda values: (
                values["details"]["errors_after"] == 0
                and values["details"]["lost"] == 0
                and values["details"]["half_stored"] == 0
                and not values["details"]["restart_error"]
            ),
        )

    def _faults(self, command: list[str]) -> dict:
        workload = self.size.http
        token = Token.objects.get_or_create(user=self.people.actor)[0].key
        articles = []
        for number in range(FAULT_CLIENTS):
            text = article_text(20_000 + number, workload.chars)
            article = services.article_create(
                user=self.people.actor, title=f"Fault run {number}", text=text
            )
            articles.append((article.pk, text))
        with load.gunicorn_server(child_environment(), workers=WORKERS) as port:
            outcome = faults.run_faults(
                port,
                token,
                articles,
                restart=command,
                before=FAULT_BEFORE_S,
                after=FAULT_AFTER_S,
            )
        # This process's connection died with the server: open a new one.
        connection.close()
        stored = Span.objects.filter(pk__in=outcome.acknowledged).count()
        half_stored = (
            Span.objects.filter(article_id__in=[pk for pk, _ in articles])
            .annotate(verdict_count=Count("verdicts"))
            .filter(verdict_count=0)
            .count()
        )
        return {
            "n": outcome.sent,
            "details": {
                "acknowledged": len(outcome.acknowledged),
                "lost": len(outcome.acknowledged) - stored,
                "half_stored": half_stored,
                "errors_during": outcome.errors_during,
                "errors_after": outcome.errors_after,
                "error_samples": outcome.error_samples,
                "restart_seconds": outcome.restart_seconds,
                "restart_error": outcome.restart_error,
            },
        }

    # 0. The peers' workload over HTTP

    def _measure_http(self) -> None:
        workload = self.size.http
        vendor = connection.vendor
        users = [self.people.actor, *self.people.load_users]
        tokens = [Token.objects.get_or_create(user=user)[0].key for user in users]
        claims = workload.articles * workload.spans_per_article
        claim_ms = HTTP_CLAIM_TARGET_MS[vendor]

        def anything(values: dict) -> bool:
            return True

        with load.gunicorn_server(child_environment(), workers=WORKERS) as port:
            run = HttpWorkload(port, tokens, workload)
            try:
                run.warm_up()
                self._record(
                    f"HTTP {workload.articles} article creates",
                    "(doccano's upload of 100: 0.8-1.0 s)",
                    run.create_articles,
                    anything,
                )
                self._record(
                    f"HTTP {claims:,} labelled claims, 1 request each",
                    f"median ≤ {claim_ms} ms",
                    run.claims_one_request_each,
                    lambda values: values["median_ms"] <= claim_ms,
                )
                self._record(
                    f"HTTP bulk import, {claims:,} labelled claims",
                    f"≥ {HTTP_BULK_TARGET_CLAIMS_PER_S:,} claims/s",
                    run.bulk_import,
                    lambda values: values["rows_per_s"] >= HTTP_BULK_TARGET_CLAIMS_PER_S,
                )
                self._record(
                    f"HTTP article with spans x{workload.fetches}",
                    "(no target)",
                    run.fetch_article,
                    anything,
                )
                self._record(
                    "HTTP JSONL export, everything", "(no target)", run.export_everything, anything
                )
                concurrent_target = (
                    f"0 errors, ≥ {HTTP_CONCURRENT_TARGET_CLAIMS_PER_S} claims/s"
                    if vendor == "postgresql"
                    else "0 errors"
                )
                self._record(
                    f"HTTP {workload.clients} clients x {workload.seconds:g} s, claims",
                    concurrent_target,
                    run.concurrent_claims,
                    lambda values: (
                        values["details"]["errors"] == 0
                        and (
                            vendor != "postgresql"
                            or values["rows_per_s"] >= HTTP_CONCURRENT_TARGET_CLAIMS_PER_S
                        )
                    ),
                )
            finally:
                run.close()


# The CSV export's rows, as PostgreSQL's COPY writes them: the reference for the export rate.
COPY_VERDICTS = """
COPY (
    SELECT v.id, v.span_id, s.article_id, a.title, a.url, s.start, s."end", s.quote, s.claim,
           u.username, v.label, v.rationale,
           (SELECT string_agg(e.url, E'\\n' ORDER BY e.id)
              FROM annotations_evidence e WHERE e.verdict_id = v.id),
           v.version, v.created_at, v.updated_at, s.state, s.final_label
      FROM annotations_verdict v
      JOIN annotations_span s ON s.id = v.span_id
      JOIN annotations_article a ON a.id = s.article_id
      JOIN auth_user u ON u.id = v.reviewer_id
     ORDER BY v.span_id, v.id
) TO STDOUT WITH (FORMAT csv, HEADER)
"""
