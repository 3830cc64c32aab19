"""The fault run: PostgreSQL restarted while clients store labelled claims through gunicorn.

Clients send one labelled claim per request (span and verdict in one transaction) before,
during and after a restart of the database server. The run reports the errors during the
restart and after it (there must be none once the server is back: connections are checked
before reuse, CONN_HEALTH_CHECKS), and checks that nothing acknowledged was lost and that no
claim was stored half (a span without its verdict).
"""

import http.client
import json
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field

from tests.bench.http_workload import labelled_claim, word_ranges

# Requests answered within this long after the server is back count as "during" the fault.
RECOVERY_GRACE_S = 2.0


@dataclass
class FaultOutcome:
    sent: int = 0
    acknowledged: list[int] = field(default_factory=list)
    errors_during: int = 0
    errors_after: int = 0
    error_samples: list[str] = field(default_factory=list)
    restart_seconds: float = 0.0
    restart_error: str = ""


def restart_command(port: int) -> list[str] | None:
    """`pg_ctlcluster VERSION NAME restart` for the cluster on `port`, where this machine's
    tools allow it (Debian's postgresql-common, run as root); None otherwise."""
    if shutil.which("pg_lsclusters") is None or shutil.which("pg_ctlcluster") is None:
        return None
    listing = subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=False
    )
    for line in listing.stdout.splitlines():
        version, name, cluster_port, *_ = line.split()
        if cluster_port == str(port):
            return ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "restart"]
    return None


def run_faults(
    port: int,
    token: str,
    articles: list[tuple[int, str]],
    *,
    restart: list[str],
    before: float,
    after: float,
) -> FaultOutcome:
    """One client thread per article; the server restarts `before` seconds in."""
    outcome = FaultOutcome()
    lock = threading.Lock()
    started = time.monotonic()
    window = {"from": started + before, "to": float("inf")}
    deadline = {"at": float("inf")}

    def restart_server() -> None:
        time.sleep(before)
        began = time.monotonic()
        try:
            subprocess.run(restart, check=True, capture_output=True, timeout=120)
        except (subprocess.SubprocessError, OSError) as error:
            outcome.restart_error = str(error)
        finally:
            back = time.monotonic()
            outcome.restart_seconds = back - began
            window["to"] = back + RECOVERY_GRACE_S
            deadline["at"] = back + after

    def client(article: int, text: str) -> None:
        ranges = word_ranges(text, max_words=6)
        headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        number = 0
        while time.monotonic() < deadline["at"] and number < len(ranges):
            start, end = ranges[number]
            body = json.dumps(labelled_claim(article, text, start, end, number)).encode()
            number += 1
            try:
                connection.request("POST", "/api/spans/", body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
                problem = None
                if response.status != 201:
                    problem = f"HTTP {response.status}: {data[:150]!r}"
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                problem, data = f"{type(error).__name__}: {error}", b""
            answered = time.monotonic()
            with lock:
                outcome.sent += 1
                if problem is None:
                    outcome.acknowledged.append(json.loads(data)["id"])
                elif window["from"] <= answered <= window["to"]:
                    outcome.errors_during += 1
                else:
                    outcome.errors_after += 1
                    if len(outcome.error_samples) < 5:
                        outcome.error_samples.append(problem)
        connection.close()

    threads = [threading.Thread(target=restart_server)]
    threads += [threading.Thread(target=client, args=article) for article in articles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome
