"""The peers' workload over real HTTP, against gunicorn with 5 workers on loopback.

The same workload as the measurements of doccano 1.8.4 and Label Studio on this machine that
issue 16 quotes: articles of 4,000 characters, 20 labelled spans each, stored one request per
labelled claim and again in one bulk request; fetches of one article with its spans; the JSONL
export of everything; and concurrent clients storing labelled claims for a fixed time.
"""

import http.client
import json
import re
import time
from dataclasses import dataclass

from tests.bench import load
from tests.bench.measure import UnexpectedResponse, median, percentile

WORKERS = 5  # as the peers were run
WORDS = [
    "council",
    "budget",
    "report",
    "minister",
    "figures",
    "claimed",
    "percent",
    "rose",
    "fell",
    "since",
    "record",
    "bridge",
    "hospital",
    "school",
    "taxes",
    "growth",
    "inflation",
    "wages",
    "election",
    "survey",
    "official",
    "data",
    "agency",
    "statement",
    "interview",
    "quarter",
    "billion",
    "million",
    "region",
    "border",
    "energy",
    "prices",
]
LABELS = ("supported", "disputed", "unverified")


@dataclass(frozen=True)
class Workload:
    articles: int
    chars: int
    spans_per_article: int
    fetches: int
    clients: int
    seconds: float


def article_text(number: int, chars: int) -> str:
    """A text of `chars` characters, different for every number: sentences of words."""
    words, position = [], number * 7919
    while sum(len(word) + 1 for word in words) < chars:
        sentence = [WORDS[(position + step * step) % len(WORDS)] for step in range(9)]
        words.extend([f"Claim{number}x{position}", *sentence[:-1], sentence[-1] + "."])
        position += 1
    return " ".join(words)[:chars].rstrip()


def word_ranges(text: str, *, max_words: int) -> list[tuple[int, int]]:
    """Ranges from the start of a word to the end of one of the next few: never whitespace at
    either edge, so the server keeps them exactly as sent."""
    words = [match.span() for match in re.finditer(r"\S+", text)]
    return [
        (words[first][0], words[last][1])
        for width in range(max_words)
        for first in range(len(words) - width)
        for last in (first + width,)
    ]


def labelled_claim(article, text: str, start: int, end: int, number: int) -> dict:
    return {
        "article": article,
        "start": start,
        "end": end,
        "quote": text[start:end],
        "verdict": {
            "label": LABELS[number % 3],
            "rationale": "Checked against the source.",
            "evidence": [{"url": f"https://source.example/{number}"}],
        },
    }


def span_record(article, text: str, start: int, end: int, number: int) -> dict:
    """The same labelled claim as a bulk import's record (the export's format)."""
    claim = labelled_claim(article, text, start, end, number)
    verdict = claim.pop("verdict")
    return {"type": "span", **claim, "verdicts": [verdict]}


class Session:
    """One keep-alive connection with an API token; every request timed."""

    def __init__(self, port: int, token: str) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.headers = {"Authorization": f"Token {token}"}

    def send(self, method: str, path: str, body=None, *, expected=(200,), content_type=None):
        headers = dict(self.headers)
        if body is not None and not isinstance(body, bytes):
            body = json.dumps(body).encode()
            content_type = content_type or "application/json"
        if content_type:
            headers["Content-Type"] = content_type
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        elapsed_ms = (time.perf_counter() - started) * 1000
        if response.status not in expected:
            raise UnexpectedResponse(
                f"{method} {path} answered HTTP {response.status}: {data[:300]!r}"
            )
        return data, elapsed_ms

    def close(self) -> None:
        self.connection.close()


def latencies(values: list[float]) -> dict:
    return {"n": len(values), "median_ms": median(values), "p95_ms": percentile(values, 0.95)}


class HttpWorkload:
    """Runs the workload's steps in order against a server on `port`; each returns a row."""

    def __init__(self, port: int, tokens: list[str], workload: Workload) -> None:
        self.port = port
        self.tokens = tokens
        self.workload = workload
        self.session = Session(port, tokens[0])
        self.articles: list[tuple[int, str]] = []

    def warm_up(self) -> None:
        """Every worker answers each kind of request once before anything is timed (a fresh
        worker imports modules and compiles templates and serializers on first use)."""
        text = article_text(99_999, self.workload.chars)
        data, _ = self.session.send(
            "POST", "/api/articles/", {"title": "Warm-up", "text": text}, expected=(201,)
        )
        article = json.loads(data)["id"]
        ranges = word_ranges(text, max_words=3)
        for number in range(3 * WORKERS):
            start, end = ranges[number]
            body = labelled_claim(article, text, start, end, number)
            self.session.send("POST", "/api/spans/", body, expected=(201,))
            self.session.send("GET", f"/api/articles/{article}/?include=spans")
            start, end = ranges[3 * WORKERS + number]
            line = span_record(article, text, start, end, number)
            self.session.send(
                "POST",
                "/api/imports/",
                json.dumps(line).encode(),
                expected=(201,),
                content_type="application/jsonl",
            )

    def create_articles(self) -> dict:
        times = []
        for number in range(self.workload.articles):
            text = article_text(number, self.workload.chars)
            body = {"title": f"Report {number}", "text": text, "source": "Bench Times"}
            data, elapsed = self.session.send("POST", "/api/articles/", body, expected=(201,))
            self.articles.append((json.loads(data)["id"], text))
            times.append(elapsed)
        return latencies(times) | {
            "rows_per_s": len(times) / (sum(times) / 1000),
            "details": {"total_s": sum(times) / 1000, "articles": len(times)},
        }

    def claims_one_request_each(self) -> dict:
        times, number = [], 0
        for article, text in self.articles:
            ranges = word_ranges(text, max_words=4)[::7][: self.workload.spans_per_article]
            for start, end in ranges:
                body = labelled_claim(article, text, start, end, number)
                _, elapsed = self.session.send("POST", "/api/spans/", body, expected=(201,))
                times.append(elapsed)
                number += 1
        return latencies(times) | {
            "rows_per_s": len(times) / (sum(times) / 1000),
            "details": {"total_s": sum(times) / 1000, "labelled_claims": len(times)},
        }

    def bulk_import(self) -> dict:
        """The same number of articles and labelled claims again, in one request."""
        lines, claims = [], 0
        offset = self.workload.articles
        for number in range(self.workload.articles):
            text = article_text(offset + number, self.workload.chars)
            lines.append(
                {"type": "article", "ref": number, "title": f"Bulk {number}", "text": text}
            )
            ranges = word_ranges(text, max_words=4)[::7][: self.workload.spans_per_article]
            for start, end in ranges:
                lines.append(span_record(number, text, start, end, claims))
                claims += 1
        body = ("\n".join(json.dumps(line) for line in lines) + "\n").encode()
        data, elapsed = self.session.send(
            "POST", "/api/imports/", body, expected=(201,), content_type="application/jsonl"
        )
        counts = json.loads(data)["counts"]
        if counts["verdicts"] != claims:
            raise UnexpectedResponse(f"bulk import stored {counts}, expected {claims} claims")
        return {
            "n": 1,
            "median_ms": elapsed,
            "p95_ms": elapsed,
            "rows_per_s": claims / (elapsed / 1000),
            "details": {
                "labelled_claims": claims,
                "articles": counts["articles"],
                "bytes": len(body),
            },
        }

    def fetch_article(self) -> dict:
        article, _ = self.articles[0]
        path = f"/api/articles/{article}/?include=spans"
        times = [self.session.send("GET", path)[1] for _ in range(self.workload.fetches)]
        return latencies(times)

    def export_everything(self) -> dict:
        data, elapsed = self.session.send("GET", "/api/exports/spans.jsonl")
        lines = data.count(b"\n")
        return {
            "n": 1,
            "median_ms": elapsed,
            "p95_ms": elapsed,
            "rows_per_s": lines / (elapsed / 1000),
            "details": {"lines": lines, "bytes": len(data)},
        }

    def concurrent_claims(self) -> dict:
        """Each client stores labelled claims on an article of its own, one request each."""
        clients = self.workload.clients
        scripts = []
        for client in range(clients):
            text = article_text(10_000 + client, self.workload.chars)
            session = Session(self.port, self.tokens[client % len(self.tokens)])
            data, _ = session.send(
                "POST",
                "/api/articles/",
                {"title": f"Desk {client}", "text": text},
                expected=(201,),
            )
            session.close()
            scripts.append(self._claim_script(json.loads(data)["id"], text, client))
        outcome = load.run_load(self.port, scripts, seconds=self.workload.seconds, warmup=1)
        summary = outcome.summary()
        return {
            "n": summary["requests"],
            "median_ms": summary["median_ms"],
            "p95_ms": summary["p95_ms"],
            "rows_per_s": summary["requests_per_s"],
            "details": summary | {"clients": clients},
        }

    def _claim_script(self, article: int, text: str, client: int) -> load.Script:
        ranges = word_ranges(text, max_words=6)
        headers = {
            "Authorization": f"Token {self.tokens[client % len(self.tokens)]}",
            "Content-Type": "application/json",
        }

        def script(number: int) -> load.Request:
            start, end = ranges[number % len(ranges)]
            body = json.dumps(labelled_claim(article, text, start, end, number)).encode()
            return load.Request("labelled claim", "POST", "/api/spans/", body, headers, (201,))

        return script

    def close(self) -> None:
        self.session.close()
