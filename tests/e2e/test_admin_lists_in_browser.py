"""The moderation queue on a tablet: its columns fit the width, with the filters under the
list instead of beside it, so nothing of a claim's row is hidden off to the side."""

import pytest
from playwright.sync_api import Page

from tests.e2e.helpers import sign_in
from tests.factories import ArticleFactory, EditorFactory, VerdictFactory
from tests.helpers import CRITICS, FIRST_SENTENCE, span_over

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def queue(moderator):
    """Split and agreed claims with long quotes, restated claims and comments' room."""
    reviewers = EditorFactory.create_batch(2)
    for number in range(3):
        article = ArticleFactory(title=f"Jobs report {number}")
        split = span_over(article, FIRST_SENTENCE, claim="Unemployment fell to 4.2 percent")
        VerdictFactory(span=split, reviewer=reviewers[0], label="supported")
        VerdictFactory(span=split, reviewer=reviewers[1], label="disputed")
        agreed = span_over(article, CRITICS)
        for reviewer in reviewers:
            VerdictFactory(span=agreed, reviewer=reviewer, label="supported")


@pytest.mark.parametrize("width", [820, 1100])
def test_the_queue_needs_no_sideways_scrolling(
    page: Page, live_server, moderator, queue, width
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, moderator)
    page.goto("/admin/annotations/queuedspan/")

    results = page.locator("#changelist .results")
    scroll_width, client_width = results.evaluate("(box) => [box.scrollWidth, box.clientWidth]")
    assert scroll_width <= client_width
    filters = page.locator("#changelist-filter").bounding_box()
    listed = results.bounding_box()
    if width < 1024:  # the filters go under the list
        assert filters["y"] >= listed["y"] + listed["height"]
