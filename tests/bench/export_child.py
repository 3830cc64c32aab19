"""Runs one export in a fresh process and reports its speed and the process's peak memory.

A separate process because peak memory is the resident-set high-water mark (VmHWM), which
counts what C code allocates too (tracemalloc does not) and cannot be reset within a process.
Reads a JSON job on stdin and writes a JSON result on stdout:
  {"path": "/api/exports/...", "headers": {...}, "warmup": "/api/"}  -- the app's URL
  {"copy": "COPY (...) TO STDOUT"}                 -- PostgreSQL's COPY through psycopg
"""

import json
import os
import sys
import time


def memory_mb(key: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"{key} is missing from /proc/self/status")


def _warm_up(job: dict) -> None:
    """One small request first, so imports and URL resolving are not timed as export."""
    from django.test import Client

    if "warmup" in job:
        Client(headers=job.get("headers", {})).get(job["warmup"])


def _export(job: dict) -> tuple[int, int, int]:
    from django.test import Client

    response = Client(headers=job.get("headers", {})).get(job["path"])
    if response.status_code != 200:
        content = b"" if response.streaming else response.content[:400]
        raise SystemExit(f"{job['path']} answered HTTP {response.status_code}: {content!r}")
    size = lines = 0
    for chunk in response.streaming_content if response.streaming else [response.content]:
        size += len(chunk)
        lines += chunk.count(b"\n")
    return response.status_code, size, lines


def _copy(job: dict) -> tuple[int, int, int]:
    from django.db import connection

    size = lines = 0
    with connection.cursor() as cursor, cursor.cursor.copy(job["copy"]) as copy:
        for chunk in copy:
            size += len(chunk)
            lines += bytes(chunk).count(b"\n")
    return 0, size, lines


def main() -> None:
    job = json.load(sys.stdin)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench.server_settings")
    import django

    django.setup()
    from django.db import connection

    connection.ensure_connection()
    _warm_up(job)
    baseline = memory_mb("VmRSS")
    started = time.perf_counter()
    status, size, lines = _copy(job) if "copy" in job else _export(job)
    seconds = time.perf_counter() - started
    json.dump(
        {
            "status": status,
            "seconds": seconds,
            "bytes": size,
            "lines": lines,
            "baseline_rss_mb": baseline,
            "peak_rss_mb": memory_mb("VmHWM"),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
