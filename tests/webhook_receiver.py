"""A real HTTP receiver for webhook tests: http.server in a thread on 127.0.0.1, recording
every POST and answering with the statuses it is told (then 200)."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from annotations import services
from annotations.models import WebhookEndpoint


@dataclass(frozen=True)
class Received:
    path: str
    headers: Message
    body: bytes


@dataclass
class Receiver:
    url: str = ""
    requests: list[Received] = field(default_factory=list)
    # The statuses of the next answers, in order; 200 once they run out.
    statuses: list[int] = field(default_factory=list)
    # Seconds to wait before answering (a slow receiver).
    delay: float = 0


@contextmanager
def running_receiver() -> Iterator[Receiver]:
    receiver = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            receiver.requests.append(Received(self.path, self.headers, body))
            time.sleep(receiver.delay)
            status = receiver.statuses.pop(0) if receiver.statuses else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format, *args) -> None:
            pass  # Quiet: the tests read `requests`.

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # A short poll interval: shutting down waits for it.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    receiver.url = f"http://127.0.0.1:{server.server_port}/hooks/factcheck?source=test"
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


SECRET = "a-long-shared-secret-0123456789"


def subscribe(url: str, *events: str, **fields):
    """An active endpoint at `url` for `events` (verdict.saved by default)."""
    return WebhookEndpoint.objects.create(
        url=url, events=list(events) or ["verdict.saved"], secret=SECRET, **fields
    )


def judge(editor, span, django_capture_on_commit_callbacks, label="disputed"):
    """A verdict saved, its transaction committed (so its deliveries are sent)."""
    with django_capture_on_commit_callbacks(execute=True):
        return services.verdict_create(user=editor, span=span, label=label)
