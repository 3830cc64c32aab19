"""The second wall behind escaping: an htmx attribute that reached the article's text (as if
escaping had failed) never fires, while the same attribute elsewhere would."""

import pytest
from playwright.sync_api import Page

from tests.e2e.helpers import sign_in
from tests.factories import ArticleFactory, SpanFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PLANT = """
([containerSelector, id]) => {
  // What a failure of escaping would leave in the page: an element with an htmx request.
  const link = document.createElement("a");
  link.id = id;
  link.textContent = "planted";
  link.setAttribute("hx-get", "/api/articles/?q=" + id);
  document.querySelector(containerSelector).appendChild(link);
  htmx.process(link);
}
"""


def planted_request_sent(page: Page, container: str, plant_id: str) -> bool:
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.evaluate(PLANT, [container, plant_id])
    page.locator(f"#{plant_id}").click()
    page.wait_for_timeout(500)
    return any(f"q={plant_id}" in url for url in requests)


@pytest.fixture
def reader(page: Page, editor) -> Page:
    article = ArticleFactory(created_by=editor)
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")
    return page


def test_an_htmx_attribute_planted_in_the_article_text_never_fires(reader) -> None:
    assert not planted_request_sent(reader, "#article-text", "in-text")


def test_the_same_attribute_outside_user_text_would_fire(reader) -> None:
    # The control: it shows the plant above is a real request that htmx would send.
    assert planted_request_sent(reader, "main", "in-main")


def test_an_htmx_attribute_planted_in_a_claim_quote_never_fires(page: Page, editor) -> None:
    article = ArticleFactory(created_by=editor)
    span = SpanFactory(article=article, start=0, end=12, created_by=editor)
    sign_in(page, editor)
    page.goto(f"/spans/{span.pk}/")

    assert not planted_request_sent(page, ".claim-quote", "in-quote")
