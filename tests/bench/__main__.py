"""`python -m tests.bench`: measure speed, memory and scale on a synthetic corpus in a database
of the benchmark's own (a temporary SQLite file, or <name>_bench on PostgreSQL)."""

import argparse
import json
import os
import platform
import subprocess
import sys
import warnings
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
# The development settings, as the test suite uses; each measurement switches DEBUG off itself,
# and the servers it starts run with production settings (runner.child_environment).
os.environ.setdefault("DEBUG", "True")
django.setup()

from django.db import connection  # noqa: E402  (after django.setup())

from tests.bench.database import bench_database  # noqa: E402
from tests.bench.measure import MEASURED, Result  # noqa: E402
from tests.bench.runner import DEFAULT_GROUPS, GROUPS, Bench  # noqa: E402
from tests.bench.sizes import SIZES  # noqa: E402

COLUMNS = (
    ("name", "<", 38),
    ("n", ">", 6),
    ("median ms", ">", 10),
    ("p95 ms", ">", 9),
    ("queries", ">", 7),
    ("peak MB", ">", 8),
    ("rows/s", ">", 10),
    ("target", "<", 44),
    ("met", "<", 4),
)


def _machine() -> dict:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    model = next(
        (line.split(":", 1)[1].strip() for line in lscpu.splitlines() if "Model name" in line),
        platform.processor(),
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gib": round(memory_kb / 2**20, 1),
        "python": platform.python_version(),
        "django": django.get_version(),
    }


def _number(value, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}" if isinstance(value, float) else f"{value:,}"


def table(results: list[Result]) -> str:
    header = " ".join(f"{title:{align}{width}}" for title, align, width in COLUMNS)
    lines = [header, "-" * len(header)]
    for result in results:
        if result.status == MEASURED:
            met = {True: "yes", False: "NO", None: "—"}[result.met]
            cells = (
                result.name,
                _number(result.n),
                _number(result.median_ms),
                _number(result.p95_ms),
                _number(result.queries),
                _number(result.peak_mb),
                _number(result.rows_per_s, 0),
                result.target,
                met,
            )
            lines.append(
                " ".join(
                    f"{cell:{align}{width}}"
                    for cell, (_, align, width) in zip(cells, COLUMNS, strict=True)
                )
            )
        else:
            lines.append(f"{result.name:<38} {result.status}  [target: {result.target}]")
    return "\n".join(lines)


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench",
        description="Build a synthetic corpus in a database of the benchmark's own (a temporary "
        "SQLite file, or <name>_bench on PostgreSQL), measure pages, API, exports and load, and "
        "print the results.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="Small sizes: finishes in under two minutes."
    )
    parser.add_argument("--size", choices=sorted(SIZES), help="full, quick, or tiny (tests).")
    parser.add_argument(
        "--json", dest="json_file", metavar="FILE", help="Also write the results as JSON."
    )
    parser.add_argument(
        "--only",
        metavar="NAME,...",
        help=f"Measure only these groups: {', '.join(GROUPS)}. Without it, all but faults "
        "(which restarts the PostgreSQL server).",
    )
    options = parser.parse_args(argv)
    if options.quick and options.size:
        parser.error("give --quick or --size, not both.")
    options.groups = DEFAULT_GROUPS
    if options.only:
        options.groups = tuple(name.strip() for name in options.only.split(",") if name.strip())
        unknown = sorted(set(options.groups) - set(GROUPS))
        if unknown:
            parser.error(
                f"unknown group(s) {', '.join(unknown)}; choose from {', '.join(GROUPS)}."
            )
    return options


def main(argv: list[str] | None = None) -> None:
    options = arguments(argv)
    chosen = SIZES[options.size or ("quick" if options.quick else "full")]
    print(
        f"Benchmark, {chosen.name} size, on {connection.vendor} "
        f"(its own database; yours is not touched).",
        flush=True,
    )
    # WhiteNoise warns that collectstatic never ran; no measured request asks for a file.
    warnings.filterwarnings("ignore", message="No directory at")
    load_before = os.getloadavg()
    with bench_database() as name:
        print(f"Database: {name}", flush=True)
        database = {"vendor": connection.vendor, "version": _server_version(), "name": name}
        bench = Bench(chosen, only=options.groups, log=lambda line: print(line, flush=True))
        results = bench.run()
    load_after = os.getloadavg()
    print()
    print(table(results))
    print(
        f"\nLoad average (1, 5, 15 min) before: {_loads(load_before)}; "
        f"after: {_loads(load_after)} on {os.cpu_count()} CPUs."
    )
    if options.json_file:
        report = {
            "size": chosen.name,
            "database": database,
            # Other work on the machine slows every number: say how busy it was.
            "machine": _machine()
            | {"load_average_before": load_before, "load_average_after": load_after},
            "corpus": bench.corpus,
            "results": [result.as_dict() for result in results],
        }
        Path(options.json_file).write_text(_dumps(report))
        print(f"\nWrote {options.json_file}")


def _loads(averages: tuple[float, float, float]) -> str:
    return ", ".join(f"{value:.2f}" for value in averages)


def _server_version() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return cursor.fetchone()[0]
    import sqlite3

    return sqlite3.sqlite_version


def _dumps(report: dict) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.exit(main())
