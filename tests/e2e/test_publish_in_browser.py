"""A moderator publishes a settled claim from the reader and the public sees it signed out
(issue 13)."""

import json

import pytest

from annotations.models import Publication
from tests.e2e.helpers import page_in_context
from tests.helpers import settled_span

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_moderator_publishes_from_the_panel_and_the_page_is_public(
    browser, live_server, article, moderator
) -> None:
    span = settled_span(article, moderator, evidence=2)
    with page_in_context(browser, live_server, f"/spans/{span.pk}/", moderator) as page:
        page.fill("textarea[name=publication-explanation]", "The office's figure was 4.6%.")
        page.uncheck("input[value='https://stats.example/1']")
        page.click("button[name=publication-action][value=publish]")
        link = page.locator("#claim-panel a", has_text="Public page")
        link.wait_for()
        public_address = link.get_attribute("href")

    assert public_address.endswith(Publication.objects.get(span=span).get_absolute_url())
    with page_in_context(browser, live_server, public_address) as public:
        assert public.locator("h1").inner_text() == "Unemployment fell to 4.2 percent."
        assert public.locator(".rating").inner_text().endswith("False")
        assert public.get_by_text("The office's figure was 4.6%.").is_visible()
        sources = public.locator(".check__evidence a").all_inner_texts()
        review = json.loads(public.locator("script[type='application/ld+json']").text_content())

    assert sources == ["Release 0"]
    assert review["url"] == public_address
    assert review["reviewRating"]["alternateName"] == "False"


def test_the_explanation_typed_is_kept_when_publishing_is_refused(
    browser, live_server, article, moderator
) -> None:
    span = settled_span(article, moderator, claim="")
    with page_in_context(browser, live_server, f"/spans/{span.pk}/", moderator) as page:
        page.fill("textarea[name=publication-explanation]", "Typed before the refusal.")
        page.click("button[name=publication-action][value=publish]")
        page.locator("#claim-panel .form-errors").wait_for()

        assert "Restate the claim first" in page.locator("#claim-panel .form-errors").inner_text()
        assert page.input_value("textarea[name=publication-explanation]") == (
            "Typed before the refusal."
        )
    assert not Publication.objects.exists()
