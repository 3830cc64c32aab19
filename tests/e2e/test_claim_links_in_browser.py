"""A link to a claim, in a real browser (issue 11, point 6): the address follows the panel."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import page_in_context, sign_in
from tests.factories import ArticleFactory
from tests.helpers import span_over

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def claims(editor):
    article = ArticleFactory(created_by=editor)
    first = span_over(article, "The minister said unemployment fell")
    second = span_over(article, "Critics said the figure ignores part-time workers.")
    return article, first, second


def panel_on(page: Page, span):
    return page.locator(f'#claim-panel.is-open[data-span="{span.pk}"]')


def test_the_address_follows_the_claim_through_reload_back_and_close(
    page: Page, editor, claims
) -> None:
    article, first, second = claims
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")

    page.locator(f"#span-{first.pk}").click()
    expect(panel_on(page, first)).to_be_visible()
    expect(page).to_have_url(re.compile(f"/spans/{first.pk}/$"))
    page.reload()
    expect(panel_on(page, first)).to_be_visible()

    page.locator(f"#span-{second.pk}").click()
    expect(page).to_have_url(re.compile(f"/spans/{second.pk}/$"))
    page.go_back()
    expect(page).to_have_url(re.compile(f"/spans/{first.pk}/$"))
    expect(panel_on(page, first)).to_be_visible()
    page.go_forward()
    expect(panel_on(page, second)).to_be_visible()

    page.locator("[data-action=close-panel]").click()
    expect(page).to_have_url(re.compile(f"/articles/{article.pk}/$"))


def test_copy_link_puts_the_claims_address_on_the_clipboard(
    browser, live_server, editor, claims
) -> None:
    _, first, _ = claims
    clipboard = ["clipboard-read", "clipboard-write"]
    with page_in_context(
        browser, live_server, f"/spans/{first.pk}/", editor, permissions=clipboard
    ) as page:
        page.get_by_role("button", name="Copy link").click()

        expect(page.locator(".claim-panel__status")).to_have_text("Link to this claim copied.")
        copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{live_server.url}/spans/{first.pk}/"
