"""The interactive API docs in a real browser: Swagger UI renders under the site's CSP."""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_swagger_ui_renders_the_api_with_no_request_to_another_host(page, editor, live_server):
    foreign = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(live_server.url) else foreign.append(request.url)
        ),
    )

    sign_in(page, editor)
    page.goto("/api/docs/")

    expect(page.locator(".swagger-ui .title")).to_contain_text("Fact-check annotations API")
    expect(page.locator(".opblock-tag", has_text="spans")).to_be_visible()
    assert foreign == []


def test_browsable_api_renders_under_the_csp(page, editor):
    sign_in(page, editor)
    page.goto("/api/spans/")

    expect(page.locator("h1")).to_have_text("Span List")
