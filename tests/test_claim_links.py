"""A link to a claim (issue 11, point 6): its address in the reader, from the panel, the API
and the admin."""

import pytest
from django.urls import reverse

from tests.helpers import FIRST_SENTENCE, span_over

pytestmark = pytest.mark.django_db


@pytest.fixture
def span(article):
    return span_over(article, FIRST_SENTENCE)


def test_opening_a_claim_with_htmx_pushes_its_address(htmx_client, span) -> None:
    url = reverse("annotations:span-detail", args=[span.pk])

    response = htmx_client.get(url, {"at": span.start})

    assert response["HX-Push-Url"] == url


def test_the_claims_address_opens_the_page_with_its_panel(editor_client, span) -> None:
    response = editor_client.get(reverse("annotations:span-detail", args=[span.pk]))

    assert response.status_code == 200
    assert f'data-span="{span.pk}"' in response.content.decode()


def test_the_panel_offers_to_copy_the_claims_absolute_address(htmx_client, span) -> None:
    page = htmx_client.get(reverse("annotations:span-detail", args=[span.pk])).content.decode()

    assert f'data-link="http://testserver/spans/{span.pk}/"' in page


def test_the_api_gives_each_span_its_address_in_the_reader(api_client, span) -> None:
    row = api_client.get(reverse("api:span-detail", args=[span.pk])).json()

    assert row["html_url"] == f"http://testserver/spans/{span.pk}/"


def test_the_admin_claim_page_links_to_the_claim_in_the_reader(moderator_client, span) -> None:
    page = moderator_client.get(reverse("admin:annotations_span_change", args=[span.pk]))

    assert f'href="/spans/{span.pk}/">Open the claim in the reader</a>' in page.content.decode()
