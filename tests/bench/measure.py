"""Result rows, statistics, and the timing of one kind of request repeated in-process."""

import math
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

MEASURED = "measured"


@dataclass
class Result:
    """One row of the benchmark's table (and of its JSON)."""

    name: str
    target: str
    status: str = MEASURED
    n: int = 0
    median_ms: float | None = None
    p95_ms: float | None = None
    queries: int | None = None
    peak_mb: float | None = None
    rows_per_s: float | None = None
    met: bool | None = None
    details: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


class UnexpectedResponse(Exception):
    """A measured request did not answer as a working app would: its timing means nothing."""


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation: every reported value was observed)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def check(response, expected: Sequence[int]):
    if response.status_code not in expected:
        body = b"" if getattr(response, "streaming", False) else response.content[:400]
        raise UnexpectedResponse(
            f"{response.request['REQUEST_METHOD']} {response.request['PATH_INFO']} answered "
            f"HTTP {response.status_code}, expected {'/'.join(map(str, expected))}: "
            f"{body.decode(errors='replace')}"
        )
    if getattr(response, "streaming", False):
        for _ in response.streaming_content:
            pass
    return response


def time_requests(
    send: Callable[[], object], *, repeats: int, warmup: int, expected: Sequence[int] = (200,)
) -> dict:
    """Send one kind of request: warm-up runs, one run counting queries, one run tracing
    Python allocations, then `repeats` timed runs (with neither, as they would skew the time).

    `send` makes a new request each call (a create must not repeat the same range).
    """
    for _ in range(warmup):
        check(send(), expected)
    # The query log is a bounded deque: once full, counting by its length would give 0.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        check(send(), expected)
    # Read now: the next request clears the log this property slices.
    queries = len(captured.captured_queries)
    tracemalloc.start()
    try:
        check(send(), expected)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    durations, cpu = [], []
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = send()
        check(response, expected)
        durations.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return {
        "n": repeats,
        "median_ms": median(durations),
        "p95_ms": percentile(durations, 0.95),
        "queries": queries,
        "peak_mb": peak / 2**20,
        # This process's CPU time (the database server's is not in it): on a busy machine it
        # shows how much of the wall time was the app's own work.
        "details": {"cpu_median_ms": median(cpu)},
    }
