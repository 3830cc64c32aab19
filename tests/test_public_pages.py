"""The public fact-check page: no sign-in, only what is published, one ClaimReview, cacheable."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from pyld import jsonld

from annotations import services
from annotations.models import Publication
from tests.factories import ArticleFactory, VerdictFactory
from tests.helpers import published_span, settled_span

pytestmark = pytest.mark.django_db

SCHEMA = "https://schema.org/"
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def schema_org_loader(url, options=None):
    """schema.org's context, served from here (no network): its terms are schema.org's
    vocabulary, which is what the published context declares for every term used here."""
    if url.rstrip("/") != SCHEMA.rstrip("/"):
        raise jsonld.JsonLdError(f"Unexpected remote context {url}", "loading document failed")
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": {"@context": {"@vocab": SCHEMA}},
    }


@pytest.fixture
def public():
    return Client()


@pytest.fixture
def span(article, moderator):
    return published_span(article, moderator)


def page_url(span) -> str:
    return Publication.objects.get(span=span).get_absolute_url()


def claim_review_on(response) -> dict:
    scripts = LD_JSON.findall(response.content.decode())
    assert len(scripts) == 1
    return json.loads(scripts[0])


def test_the_page_shows_the_fact_check_signed_out(public, span):
    response = public.get(page_url(span))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Unemployment fell to 4.2 percent." in page
    assert "The minister" in page
    assert "The office&#x27;s March figure was 4.6 percent." in page
    assert 'class="rating badge badge--disputed">False<' in page
    assert "https://stats.example/0" in page
    assert span.article.title in page


def test_the_page_shows_no_reviewer_names_or_rationales(public, span):
    verdict = span.verdicts.get()

    page = public.get(page_url(span)).content.decode()

    assert verdict.rationale not in page
    assert verdict.reviewer.username not in page


def test_an_unpublished_claim_is_not_found(public, span, moderator):
    address = page_url(span)
    services.span_unpublish(user=moderator, span=span)

    assert public.get(address).status_code == 404


def test_a_draft_is_not_found(public, article, moderator):
    span = settled_span(article, moderator)
    services.publication_edit(user=moderator, span=span, explanation="Draft.")

    assert public.get(f"/checks/{span.pk}-unemployment/").status_code == 404


def test_an_unknown_id_is_not_found(public):
    assert public.get("/checks/999999-anything/").status_code == 404


def test_a_deleted_claims_page_is_not_found(public, span, moderator):
    address = page_url(span)
    services.span_delete(user=moderator, span=span)

    assert public.get(address).status_code == 404


def test_another_slug_redirects_to_the_page(public, span):
    response = public.get(f"/checks/{span.pk}-old-words/")

    assert response.status_code == 301
    assert response["Location"] == page_url(span)


def test_the_bare_id_redirects_to_the_page(public, span):
    response = public.get(f"/checks/{span.pk}/")

    assert (response.status_code, response["Location"]) == (301, page_url(span))


def test_the_page_answers_304_to_its_etag(public, span):
    first = public.get(page_url(span))

    again = public.get(page_url(span), headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""


def test_the_page_answers_304_since_its_last_modification(public, span):
    first = public.get(page_url(span))

    again = public.get(page_url(span), headers={"If-Modified-Since": first["Last-Modified"]})

    assert again.status_code == 304


def test_an_edit_changes_the_etag(public, span, moderator):
    before = public.get(page_url(span))["ETag"]

    services.publication_edit(user=moderator, span=span, explanation="Reworded.")

    assert public.get(page_url(span), headers={"If-None-Match": before}).status_code == 200


def test_a_changed_article_changes_the_etag(public, span, moderator):
    before = public.get(page_url(span))["ETag"]

    services.article_update(user=moderator, article=span.article, title="Renamed")

    assert public.get(page_url(span))["ETag"] != before


def test_caches_must_ask_again_before_reusing_the_page(public, span):
    response = public.get(page_url(span))

    assert "no-cache" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]


def test_the_page_keeps_the_strict_content_security_policy(public, span):
    policy = public.get(page_url(span))["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_the_page_reads_in_a_fixed_number_of_queries(public, span, django_assert_num_queries):
    address = page_url(span)

    with django_assert_num_queries(1):
        public.get(address)


def test_the_page_has_sharing_tags(public, span):
    page = public.get(page_url(span)).content.decode()

    for tag in ('property="og:title"', 'property="og:url"', 'name="twitter:card"'):
        assert tag in page
    assert f'<link rel="canonical" href="http://testserver{page_url(span)}">' in page


def test_the_claim_review_expands_with_every_field_google_asks_for(public, span):
    review = claim_review_on(public.get(page_url(span)))

    [expanded] = jsonld.expand(review, {"documentLoader": schema_org_loader})

    def value(node, *path):
        for name in path:
            node = node[SCHEMA + name][0]
        return node.get("@value", node.get("@id"))

    assert expanded["@type"] == [SCHEMA + "ClaimReview"]
    assert value(expanded, "url") == f"http://testserver{page_url(span)}"
    assert value(expanded, "claimReviewed") == "Unemployment fell to 4.2 percent."
    assert value(expanded, "reviewRating", "ratingValue") == 1
    assert value(expanded, "reviewRating", "bestRating") == 3
    assert value(expanded, "reviewRating", "worstRating") == 1
    assert value(expanded, "reviewRating", "alternateName") == "False"
    assert value(expanded, "author", "name") == "Fact-check desk"
    assert value(expanded, "author", "url") == "http://testserver/"
    assert value(expanded, "datePublished")
    assert value(expanded, "reviewBody") == "The office's March figure was 4.6 percent."
    claim = expanded[SCHEMA + "itemReviewed"][0]
    assert claim["@type"] == [SCHEMA + "Claim"]
    assert value(claim, "author", "name") == "The minister"
    for appearance in ("appearance", "firstAppearance"):
        assert value(claim, appearance, "headline") == span.article.title


def test_the_claim_review_dates_the_claim_by_its_article(public, moderator):
    article = ArticleFactory(published="2026-03-02", url="https://news.example/jobs")
    span = published_span(article, moderator)

    claim = claim_review_on(public.get(page_url(span)))["itemReviewed"]

    assert claim["datePublished"] == "2026-03-02"
    assert claim["appearance"]["url"] == "https://news.example/jobs"


def test_the_organisation_and_rating_names_come_from_the_settings(public, span, settings):
    settings.FACTCHECK_ORGANIZATION = "Example Checks"
    settings.FACTCHECK_ORGANIZATION_URL = "https://checks.example/"
    settings.FACTCHECK_RATING_NAMES = {**settings.FACTCHECK_RATING_NAMES, "disputed": "Wrong"}

    review = claim_review_on(public.get(page_url(span)))

    assert review["author"]["name"] == "Example Checks"
    assert review["author"]["url"] == "https://checks.example/"
    assert review["reviewRating"]["alternateName"] == "Wrong"


def test_text_in_the_claim_review_cannot_end_its_script(public, article, moderator):
    span = settled_span(article, moderator, claim="</script><script>alert(1)</script>")
    services.span_publish(user=moderator, span=span, explanation="<!-- & -->")

    page = public.get(page_url(span)).content.decode()

    assert "<script>alert" not in page
    assert claim_review_on(public.get(page_url(span)))["reviewBody"] == "<!-- & -->"


def test_a_second_reviewer_changes_nothing_the_public_sees(public, span, second_editor):
    before = public.get(page_url(span))["ETag"]

    VerdictFactory(span=span, reviewer=second_editor)

    assert public.get(page_url(span))["ETag"] == before


def test_the_public_page_needs_no_account_even_for_the_reader_route(public, span):
    # The reader stays private: only the public address is open.
    assert public.get(reverse("annotations:span-detail", args=[span.pk])).status_code == 302
