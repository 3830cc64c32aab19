"""Publishing from the reader's claim panel: moderators only, through the services."""

import pytest
from django.urls import reverse

from annotations.models import Publication
from tests.helpers import published_span, settled_span, signed_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_htmx(moderator):
    return signed_in_client(moderator, htmx=True)


@pytest.fixture
def settled(article, moderator):
    return settled_span(article, moderator, evidence=2)


def panel(client, span) -> str:
    return client.get(reverse("annotations:span-detail", args=[span.pk])).content.decode()


def post(client, span, action: str, explanation: str = "", evidence=()):
    return client.post(
        reverse("annotations:span-publication", args=[span.pk]),
        {
            "publication-action": action,
            "publication-explanation": explanation,
            "publication-evidence": list(evidence),
        },
    )


def test_a_moderator_sees_the_publication_form_on_a_settled_claim(moderator_htmx, settled):
    page = panel(moderator_htmx, settled)

    assert 'name="publication-explanation"' in page
    assert 'value="https://stats.example/1" id="id_publication-evidence_1" checked' in page


def test_an_editor_sees_no_publication_form(editor_client, settled):
    assert 'name="publication-explanation"' not in panel(editor_client, settled)


def test_an_editor_sees_the_public_page_of_a_published_claim(editor_client, article, moderator):
    span = published_span(article, moderator)

    page = panel(editor_client, span)

    assert Publication.objects.get(span=span).get_absolute_url() in page
    assert 'name="publication-explanation"' not in page


def test_a_long_restated_claim_is_flagged(moderator_htmx, article, moderator):
    span = settled_span(article, moderator, claim="x" * 90)

    assert "The restated claim has 90 characters" in panel(moderator_htmx, span)


def test_a_moderator_publishes_from_the_panel(moderator_htmx, settled):
    response = post(
        moderator_htmx, settled, "publish", "Wrong figure.", ["https://stats.example/1"]
    )

    assert response.status_code == 200
    publication = Publication.objects.get(span=settled)
    assert publication.is_published
    assert [link["url"] for link in publication.evidence] == ["https://stats.example/1"]
    assert publication.get_absolute_url() in response.content.decode()


def test_a_moderator_saves_a_draft(moderator_htmx, settled):
    post(moderator_htmx, settled, "save", "Draft.", ["https://stats.example/0"])

    publication = Publication.objects.get(span=settled)
    assert (publication.explanation, publication.is_published) == ("Draft.", False)


def test_a_moderator_unpublishes_from_the_panel(moderator_htmx, article, moderator):
    span = published_span(article, moderator)

    response = post(moderator_htmx, span, "unpublish")

    assert response.status_code == 200
    assert not Publication.objects.get(span=span).is_published


def test_publishing_without_explanation_shows_the_error_and_keeps_the_typing(
    moderator_htmx, settled
):
    response = post(moderator_htmx, settled, "publish", "   ")

    assert response.status_code == 400
    assert "Write the explanation the public will read." in response.content.decode()
    assert not Publication.objects.exists()


def test_an_unknown_evidence_link_is_refused(moderator_htmx, settled):
    response = post(moderator_htmx, settled, "publish", "x", ["https://evil.example/"])

    assert response.status_code == 400
    assert "is not an evidence link of this claim" in response.content.decode()
    assert not Publication.objects.exists()


def test_an_editor_posting_is_refused(editor_client, settled):
    response = post(editor_client, settled, "publish", "x")

    assert response.status_code == 403
    assert not Publication.objects.exists()


def test_a_published_claim_offers_no_reject_or_reopen(moderator_htmx, article, moderator):
    page = panel(moderator_htmx, published_span(article, moderator))

    assert 'value="reject"' not in page
    assert "unpublish it (below) before rejecting or reopening it" in page


def test_the_panel_warns_of_a_restated_claim_longer_than_search_engines_show(
    moderator_htmx, settled
):
    settled.claim = "x" * 80
    settled.save()

    page = panel(moderator_htmx, settled)

    assert "The restated claim has 80 characters; search engines show about 75." in page
