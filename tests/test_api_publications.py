"""Publishing through the API, the span's public fields, and the ClaimReview export."""

import json

import pytest
from django.urls import reverse

from annotations import services
from annotations.models import Publication
from tests.factories import ArticleFactory
from tests.helpers import client_for, published_span, settled_span, streamed

pytestmark = pytest.mark.django_db

CLAIM_REVIEWS = reverse("api:export-claimreviews")


def action(span, name: str) -> str:
    return reverse(f"api:span-{name}", args=[span.pk])


@pytest.fixture
def moderator_api(moderator):
    return client_for(moderator)


@pytest.fixture
def settled(article, moderator):
    return settled_span(article, moderator)


def test_a_moderator_publishes_and_gets_the_public_address(moderator_api, settled):
    response = moderator_api.post(
        action(settled, "publish"), {"explanation": "Wrong figure."}, format="json"
    )

    assert response.status_code == 200, response.content
    body = response.json()
    publication = Publication.objects.get(span=settled)
    assert body["public_url"] == f"http://testserver{publication.get_absolute_url()}"
    assert body["published_at"] is not None
    assert body["explanation"] == "Wrong figure."
    assert body["published_evidence"] == [{"url": "https://stats.example/0", "title": "Release 0"}]


def test_an_unpublished_span_has_no_public_address(moderator_api, settled):
    body = moderator_api.get(reverse("api:span-detail", args=[settled.pk])).json()

    assert (body["public_url"], body["published_at"], body["explanation"]) == (None, None, None)


def test_an_editor_cannot_publish(api_client, settled):
    response = api_client.post(action(settled, "publish"), {"explanation": "x"}, format="json")

    assert response.status_code == 403
    assert not Publication.objects.exists()


def test_publishing_an_unsettled_claim_names_the_field(moderator_api, settled, moderator):
    services.span_reopen(user=moderator, span=settled)

    response = moderator_api.post(action(settled, "publish"), {"explanation": "x"}, format="json")

    assert response.status_code == 400
    assert "final_label" in response.json()
    assert not Publication.objects.exists()


def test_publishing_without_an_explanation_names_the_field(moderator_api, settled):
    response = moderator_api.post(action(settled, "publish"), {}, format="json")

    assert response.status_code == 400
    assert "explanation" in response.json()


def test_publishing_without_a_restated_claim_names_the_field(moderator_api, article, moderator):
    span = settled_span(article, moderator, claim="")

    response = moderator_api.post(action(span, "publish"), {"explanation": "x"}, format="json")

    assert response.status_code == 400
    assert "claim" in response.json()


def test_publishing_refuses_unknown_fields(moderator_api, settled):
    response = moderator_api.post(
        action(settled, "publish"), {"explanation": "x", "rating": "True"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"rating": ["Unknown field."]}


def test_evidence_must_be_a_list_of_addresses(moderator_api, settled):
    response = moderator_api.post(
        action(settled, "publish"), {"explanation": "x", "evidence": "all"}, format="json"
    )

    assert response.status_code == 400
    assert "evidence" in response.json()


def test_a_draft_explanation_is_saved_without_publishing(moderator_api, settled):
    response = moderator_api.patch(
        action(settled, "publication"), {"explanation": "Draft."}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["explanation"], response.json()["public_url"]) == ("Draft.", None)


def test_a_moderator_unpublishes(moderator_api, article, moderator):
    span = published_span(article, moderator)

    response = moderator_api.post(action(span, "unpublish"), {}, format="json")

    assert response.status_code == 200
    assert response.json()["public_url"] is None


def test_unpublishing_what_is_not_published_is_a_400(moderator_api, settled):
    response = moderator_api.post(action(settled, "unpublish"), {}, format="json")

    assert response.status_code == 400
    assert response.json() == {"publication": ["This claim is not published."]}


def test_the_claim_review_export_holds_exactly_the_published_checks(
    api_client, article, moderator
):
    published = published_span(article, moderator)
    settled_span(ArticleFactory(), moderator)  # settled, never published
    taken_down = published_span(ArticleFactory(), moderator)
    services.span_unpublish(user=moderator, span=taken_down)

    reviews = json.loads(streamed(api_client.get(CLAIM_REVIEWS)))

    address = Publication.objects.get(span=published).get_absolute_url()
    assert [review["url"] for review in reviews] == [f"http://testserver{address}"]
    assert reviews[0]["reviewBody"] == "The office's March figure was 4.6 percent."


def test_the_claim_review_export_follows_the_span_filters(api_client, article, moderator):
    published_span(article, moderator)
    other = published_span(ArticleFactory(), moderator)

    reviews = json.loads(streamed(api_client.get(CLAIM_REVIEWS, {"article": other.article_id})))

    assert len(reviews) == 1
    assert reviews[0]["url"].endswith(Publication.objects.get(span=other).get_absolute_url())


# The token's user, then the fact checks: published claims are public, so the export asks
# nothing about roles or blind review.
def test_the_claim_review_export_query_count_does_not_grow(
    api_client, moderator, django_assert_num_queries
):
    published_span(ArticleFactory(), moderator)
    with django_assert_num_queries(2):
        streamed(api_client.get(CLAIM_REVIEWS))
    for _ in range(5):
        published_span(ArticleFactory(), moderator)

    with django_assert_num_queries(2):
        assert len(json.loads(streamed(api_client.get(CLAIM_REVIEWS)))) == 6


LONG_CLAIM = "The minister said that unemployment fell to 4.2 percent in March, a record low"


def test_publishing_a_long_restated_claim_warns_that_search_engines_cut_it(
    moderator_api, settled, moderator
):
    services.span_update(user=moderator, span=settled, claim=LONG_CLAIM)

    response = moderator_api.post(action(settled, "publish"), {"explanation": "x"}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["warnings"] == {
        "claim": f"The restated claim has {len(LONG_CLAIM)} characters; search engines show "
        "about 75. A shorter one reads better in results."
    }


def test_publishing_a_short_restated_claim_has_no_warning(moderator_api, settled):
    response = moderator_api.post(action(settled, "publish"), {"explanation": "x"}, format="json")

    assert response.json()["warnings"] == {}


def test_editing_the_publication_warns_too(moderator_api, settled, moderator):
    services.span_update(user=moderator, span=settled, claim=LONG_CLAIM)

    response = moderator_api.patch(
        action(settled, "publication"), {"explanation": "Draft."}, format="json"
    )

    assert list(response.json()["warnings"]) == ["claim"]
