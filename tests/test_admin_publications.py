"""Publishing in the admin: confirmed actions on claims (bulk or one), and the explanations."""

import pytest
from django.urls import reverse

from annotations import services
from annotations.models import Publication
from tests.factories import ArticleFactory
from tests.helpers import published_span, settled_span

pytestmark = pytest.mark.django_db

SPANS_URL = reverse("admin:annotations_span_changelist")
PUBLICATIONS_URL = reverse("admin:annotations_publication_changelist")


def act(client, action: str, spans, *, confirm: bool = True):
    data = {"action": action, "_selected_action": [span.pk for span in spans]}
    if confirm:
        data["post"] = "yes"
    return client.post(SPANS_URL, data)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


@pytest.fixture
def drafted(moderator):
    """Two settled claims with draft explanations, and one settled claim without."""
    spans = [settled_span(ArticleFactory(), moderator, claim=f"Claim {n}.") for n in range(3)]
    for span in spans[:2]:
        services.publication_edit(user=moderator, span=span, explanation="Explained.")
    return spans


def test_publishing_asks_first_and_says_what_will_be_skipped(moderator_client, drafted):
    response = act(moderator_client, "publish", drafted, confirm=False)

    assert response.templates[0].name == "admin/annotations/decision_confirmation.html"
    outcomes = {row["span"].pk: str(row["outcome"]) for row in response.context["rows"]}
    assert outcomes[drafted[0].pk] == "Published"
    assert outcomes[drafted[2].pk].startswith("Will be skipped: Write the explanation")
    assert b'name="note"' not in response.content
    assert not Publication.objects.filter(published_at__isnull=False).exists()


def test_confirmed_publishing_publishes_what_it_can_and_reports_the_rest(
    moderator_client, drafted
):
    response = act(moderator_client, "publish", drafted)

    published = Publication.objects.filter(published_at__isnull=False)
    assert {publication.span_id for publication in published} == {s.pk for s in drafted[:2]}
    messages = messages_of(response)
    assert "2 claims published." in messages
    assert any("Write the explanation the public will read." in m for m in messages)


def test_unpublishing_takes_the_chosen_pages_down(moderator_client, moderator):
    spans = [published_span(ArticleFactory(), moderator) for _ in range(2)]

    act(moderator_client, "unpublish", spans)

    assert not Publication.objects.filter(published_at__isnull=False).exists()


def test_the_claim_page_offers_publishing_with_its_reason(moderator_client, article, moderator):
    span = settled_span(article, moderator)

    response = moderator_client.get(reverse("admin:annotations_span_change", args=[span.pk]))

    buttons = {button["name"]: button for button in response.context["decision_buttons"]}
    assert buttons["publish"]["disabled"]
    assert buttons["publish"]["hint"] == "Write the explanation the public will read."
    assert buttons["unpublish"]["disabled"]


def test_the_claim_page_links_its_public_page(moderator_client, article, moderator):
    span = published_span(article, moderator)

    page = moderator_client.get(reverse("admin:annotations_span_change", args=[span.pk]))

    assert Publication.objects.get(span=span).get_absolute_url() in page.content.decode()


def test_an_explanation_edited_in_the_admin_goes_through_the_service(
    moderator_client, article, moderator
):
    span = published_span(article, moderator)
    publication = Publication.objects.get(span=span)
    url = reverse("admin:annotations_publication_change", args=[publication.pk])

    response = moderator_client.post(url, {"explanation": "Edited in the admin."})

    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.explanation == "Edited in the admin."
    assert publication.history.latest().history_change_reason == "Published fact check edited"


def test_emptying_a_published_explanation_in_the_admin_is_refused(
    moderator_client, article, moderator
):
    span = published_span(article, moderator)
    publication = Publication.objects.get(span=span)
    url = reverse("admin:annotations_publication_change", args=[publication.pk])

    response = moderator_client.post(url, {"explanation": ""}, follow=True)

    publication.refresh_from_db()
    assert publication.explanation
    assert any("Write the explanation" in m for m in messages_of(response))


def test_the_list_of_public_fact_checks_is_for_moderators(client, editor, moderator_client):
    client.force_login(editor)

    assert client.get(PUBLICATIONS_URL).status_code in (302, 403)
    assert moderator_client.get(PUBLICATIONS_URL).status_code == 200


def test_line_breaks_a_browser_sends_as_cr_lf_are_stored_as_lf(
    moderator_client, article, moderator
):
    span = published_span(article, moderator)
    publication = Publication.objects.get(span=span)
    url = reverse("admin:annotations_publication_change", args=[publication.pk])

    moderator_client.post(url, {"explanation": "First line.\r\nSecond line."})

    publication.refresh_from_db()
    assert publication.explanation == "First line.\nSecond line."
