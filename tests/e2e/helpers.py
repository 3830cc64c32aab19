"""Steps the browser tests share: signing in, selecting article text, and waiting until the
live server has answered every request."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.signals import request_finished, request_started
from playwright.sync_api import Browser, Page

PASSWORD = "correct horse battery staple"  # what tests.factories.UserFactory sets


def sign_in(page: Page, user) -> None:
    """Sign in through the login form, as a person would."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


class InFlight:
    """The live server's threads answering a request now (Django's request signals). A
    request the browser abandoned never finishes; its thread ends with the connection, so
    only threads still alive count."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.threads: set[int] = set()
        request_started.connect(self.started, weak=False)
        request_finished.connect(self.finished, weak=False)

    def started(self, **kwargs) -> None:
        with self.lock:
            self.threads.add(threading.get_ident())

    def finished(self, **kwargs) -> None:
        with self.lock:
            self.threads.discard(threading.get_ident())

    def busy(self) -> bool:
        alive = {thread.ident for thread in threading.enumerate()}
        with self.lock:
            self.threads &= alive
            return bool(self.threads)

    def wait_until_idle(self, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while self.busy() and time.monotonic() < deadline:
            time.sleep(0.05)


IN_FLIGHT = InFlight()


@contextmanager
def page_in_context(
    browser: Browser, live_server, path: str, user=None, **options
) -> Iterator[Page]:
    """A page in a browser context of its own (`options` such as color_scheme="dark" or
    permissions=[...]), signed in as `user` when given, at `path`; closed afterwards."""
    context = browser.new_context(base_url=live_server.url, **options)
    try:
        page = context.new_page()
        if user is not None:
            sign_in(page, user)
        page.goto(path)
        yield page
    finally:
        context.close()
        IN_FLIGHT.wait_until_idle()


SELECT_TEXT = """
([first, last]) => {
  // Select from the start of `first` to the end of `last` in the article's text, as a mouse
  // drag would; offsets here are the DOM's UTF-16 units, like a real selection's.
  const root = document.getElementById("article-text");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let all = "";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push({ node, start: all.length });
    all += node.data;
  }
  const start = all.indexOf(first);
  const end = all.indexOf(last, start) + last.length;
  if (start < 0 || end < start + last.length) throw new Error("text not found");
  const at = (index, isEnd) => {
    const hit = nodes.find((n) => isEnd
      ? n.start < index && index <= n.start + n.node.length
      : n.start <= index && index < n.start + n.node.length);
    return [hit.node, index - hit.start];
  };
  const range = document.createRange();
  range.setStart(...at(start, false));
  range.setEnd(...at(end, true));
  const selection = document.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}
"""


def select_text(page: Page, first: str, last: str | None = None) -> None:
    """Select the article's text from `first` through `last` (or just `first`)."""
    page.evaluate(SELECT_TEXT, [first, last or first])
