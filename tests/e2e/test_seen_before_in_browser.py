""" "Seen before" in a real browser: what it found is said to screen readers once it loads."""

import pytest
from playwright.sync_api import Page, expect

from annotations.claim_index import index
from tests.e2e.helpers import sign_in
from tests.factories import ArticleFactory
from tests.helpers import span_over

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHANNELS = (
    "Russia has established communication channels to exchange information with the Taliban."
)
REWORDED = "Moscow opened channels to share intelligence with the Taliban, an envoy said."


def claim_in_new_article(text: str, editor):
    article = ArticleFactory(text=f"{text} Nothing else is said.", created_by=editor)
    span = span_over(article, text, created_by=editor)
    index([span.pk])
    return span


def test_what_seen_before_found_is_said_once_it_loads(page: Page, editor) -> None:
    channels = claim_in_new_article(CHANNELS, editor)
    claim_in_new_article(REWORDED, editor)
    sign_in(page, editor)
    page.goto(f"/articles/{channels.article_id}/")

    page.locator(f"#span-{channels.pk}").click()

    expect(page.locator("#seen-before .seen-before__list")).to_be_visible()
    expect(page.locator("#seen-before-status")).to_have_text(
        "Seen before: 1 similar claim in other articles."
    )
