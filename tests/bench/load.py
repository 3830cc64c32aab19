"""The load test: the app under gunicorn on loopback, N client threads for a bounded time.

The clients are plain `http.client` connections in threads (no extra dependency); each runs its
own script of requests in a loop, with no pause between them (a closed loop: every client
sends its next request as soon as the previous one is answered).
"""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.bench.measure import median, percentile

READY_TIMEOUT = 30


@dataclass(frozen=True)
class Request:
    label: str
    method: str
    path: str
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    expected: tuple[int, ...] = (200,)


# A client's script: given the client's running request number, the next request to send.
Script = Callable[[int], Request]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def default_workers() -> int:
    """Gunicorn's own advice: two workers per core, plus one."""
    return 2 * (os.cpu_count() or 1) + 1


@contextmanager
def gunicorn_server(env: dict[str, str], *, workers: int) -> Iterator[int]:
    """Serve the app on 127.0.0.1 on a free port; yields the port once it answers."""
    port = free_port()
    project = Path(__file__).resolve().parents[2]
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "factcheck.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        # Import the app once, before the workers fork: a fresh worker would otherwise spend
        # its first seconds importing (longer where Python writes no bytecode cache).
        "--preload",
    ]
    server = subprocess.Popen(command, cwd=project, env={**os.environ, **env})
    try:
        _wait_until_ready(server, port)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_until_ready(server: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {server.returncode}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/accounts/login/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()
    raise RuntimeError(f"gunicorn did not answer on port {port} within {READY_TIMEOUT} s")


@dataclass
class LoadResult:
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    by_label: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies_ms) + self.errors

    def summary(self) -> dict:
        return {
            "requests": self.requests,
            "errors": self.errors,
            "requests_per_s": self.requests / self.seconds,
            "median_ms": median(self.latencies_ms) if self.latencies_ms else None,
            "p95_ms": percentile(self.latencies_ms, 0.95) if self.latencies_ms else None,
            "by_request": {
                label: {
                    "n": len(values),
                    "median_ms": median(values),
                    "p95_ms": percentile(values, 0.95),
                }
                for label, values in sorted(self.by_label.items())
            },
            "error_samples": self.error_samples,
        }


def run_load(port: int, scripts: list[Script], *, seconds: float, warmup: float) -> LoadResult:
    """Run every script in its own thread against the server for `warmup` + `seconds`.

    Latencies count from the end of the warm-up (fresh workers compile templates and resolve
    URLs on their first requests); errors count from the start.
    """
    result = LoadResult(seconds=seconds)
    lock = threading.Lock()
    measuring_from = time.monotonic() + warmup
    deadline = measuring_from + seconds

    def client(script: Script) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        number = 0
        while (now := time.monotonic()) < deadline:
            request = script(number)
            number += 1
            started = time.perf_counter()
            try:
                connection.request(
                    request.method, request.path, body=request.body, headers=request.headers
                )
                response = connection.getresponse()
                body = response.read()
                problem = (
                    None
                    if response.status in request.expected
                    else f"{request.label}: HTTP {response.status}: {body[:200]!r}"
                )
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                problem = f"{request.label}: {type(error).__name__}: {error}"
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if problem is not None:
                    result.errors += 1
                    if len(result.error_samples) < 5:
                        result.error_samples.append(problem)
                elif now >= measuring_from:
                    result.latencies_ms.append(elapsed)
                    result.by_label.setdefault(request.label, []).append(elapsed)
        connection.close()

    threads = [threading.Thread(target=client, args=(script,)) for script in scripts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The last requests may end a little after the deadline: divide by the real duration.
    result.seconds = time.monotonic() - measuring_from
    return result
