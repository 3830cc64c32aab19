"""Browser tests: Debian's headless Chromium driven by Playwright against the live test server."""

import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from django.db import connections
from playwright.sync_api import Browser, Page, sync_playwright

from tests.e2e.helpers import IN_FLIGHT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _install_chromium() -> None:
    """CI runs as root on Debian: install the distribution's Chromium (never a download)."""
    if shutil.which("apt-get") is None:
        pytest.fail(f"{CHROMIUM} is missing and there is no apt-get to install it.")
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}

    def install() -> subprocess.CompletedProcess:
        return subprocess.run(
            ["apt-get", "install", "-y", "chromium"],
            capture_output=True,
            text=True,
            check=False,
            env=environment,
        )

    result = install()
    if result.returncode != 0:
        # A fresh image has no package lists yet.
        subprocess.run(["apt-get", "update"], capture_output=True, check=False, env=environment)
        result = install()
    if result.returncode != 0 or not os.path.exists(CHROMIUM):
        pytest.fail(
            f"{CHROMIUM} is missing and `apt-get install -y chromium` failed:\n"
            f"{result.stdout[-1500:]}{result.stderr[-1500:]}"
        )


@pytest.fixture(scope="session")
def browser(django_db_setup) -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        _install_chromium()
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API keeps an event loop running in the test thread, and Django
        # refuses ORM calls from a thread with a running loop unless told they are safe; here
        # they are: the tests call the ORM synchronously between browser steps.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        # From here on the session runs in Playwright's context, where Django opens new
        # connection objects. They must carry the database's contents as migrated, or
        # serialized_rollback cannot restore them (the role groups) after each test's flush.
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def dialogs() -> list[str]:
    """Messages of every alert, confirm or prompt the page opened (tests assert it stays empty)."""
    return []


@pytest.fixture
def page(browser: Browser, live_server, dialogs: list[str]) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1366, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(5_000)
    problems: list[str] = []

    def on_console(message) -> None:
        # A refused inline script or style (CSP) shows up here; a missing favicon is harmless.
        if message.type == "error" and "favicon" not in message.location.get("url", ""):
            problems.append(f"console: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page
    context.close()
    # A request still being answered (the panel's "Seen before", loaded after the panel
    # opens, say) would hold rows the test database's flush must truncate: let it finish.
    IN_FLIGHT.wait_until_idle()
    assert problems == [], "the page logged errors"
