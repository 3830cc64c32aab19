"""What lists the public fact checks: /checks/, the Atom feed and the sitemap."""

import xml.etree.ElementTree as ElementTree

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations import services
from annotations.models import Label, Publication
from annotations.views import public as public_views
from tests.factories import ArticleFactory
from tests.helpers import published_span, settled_span

pytestmark = pytest.mark.django_db

CHECKS = reverse("annotations:check-list")
FEED = reverse("annotations:check-feed")
SITEMAP = "/sitemap.xml"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAPS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def public():
    return Client()


def address(span) -> str:
    return Publication.objects.get(span=span).get_absolute_url()


@pytest.fixture
def checks(moderator):
    """Three published checks (oldest first), one settled claim never published, and one
    published then taken down."""
    published = [
        published_span(ArticleFactory(), moderator, claim=f"Claim {n}.", label=label)
        for n, label in enumerate([Label.DISPUTED, Label.SUPPORTED, Label.DISPUTED])
    ]
    settled_span(ArticleFactory(), moderator, claim="Never published.")
    down = published_span(ArticleFactory(), moderator, claim="Taken down.")
    services.span_unpublish(user=moderator, span=down)
    return published


def test_the_list_shows_published_checks_newest_first(public, checks):
    page = public.get(CHECKS).content.decode()

    positions = [page.index(address(span)) for span in reversed(checks)]
    assert positions == sorted(positions)
    assert "Never published." not in page
    assert "Taken down." not in page


def test_the_list_filters_by_rating(public, checks):
    page = public.get(CHECKS, {"rating": "supported"}).content.decode()

    assert address(checks[1]) in page
    assert address(checks[0]) not in page


def test_an_unknown_rating_is_a_400_with_a_message(public, checks):
    response = public.get(CHECKS, {"rating": "pants-on-fire"})

    assert response.status_code == 400
    assert "“pants-on-fire” is not a rating" in response.content.decode()


def test_the_list_is_paginated(public, checks, monkeypatch):
    monkeypatch.setattr(public_views, "CHECKS_PER_PAGE", 2)

    second = public.get(CHECKS, {"page": 2}).content.decode()

    assert address(checks[0]) in second
    assert address(checks[2]) not in second
    assert "Page 2 of 2" in second


def test_the_list_reads_in_a_fixed_number_of_queries(public, checks, django_assert_num_queries):
    with django_assert_num_queries(2):  # the count, then the page
        public.get(CHECKS)


def test_the_feed_holds_exactly_the_published_checks(public, checks):
    feed = ElementTree.fromstring(public.get(FEED).content)

    links = [entry.find(f"{ATOM}link").get("href") for entry in feed.iter(f"{ATOM}entry")]
    assert links == [f"http://testserver{address(span)}" for span in reversed(checks)]


def test_a_feed_entry_names_the_rating_and_carries_the_explanation(public, checks):
    entry = next(ElementTree.fromstring(public.get(FEED).content).iter(f"{ATOM}entry"))

    assert entry.find(f"{ATOM}title").text == "False: Claim 2."
    assert entry.find(f"{ATOM}summary").text == "The office's March figure was 4.6 percent."


def test_the_sitemap_lists_every_published_page_with_its_last_change(public, checks):
    sitemap = ElementTree.fromstring(public.get(SITEMAP).content)

    entries = {
        url.find(f"{SITEMAPS}loc").text: url.find(f"{SITEMAPS}lastmod")
        for url in sitemap.iter(f"{SITEMAPS}url")
    }
    for span in checks:
        assert entries[f"http://testserver{address(span)}"] is not None
    assert f"http://testserver{CHECKS}" in entries
    assert len(entries) == len(checks) + 1


def test_the_sitemap_reads_only_addresses_and_dates(public, checks):
    with CaptureQueriesContext(connection) as queries:
        public.get(SITEMAP)

    assert len(queries) <= 2  # the sitemap framework counts the pages, then reads one
    read = " ".join(query["sql"].split(" FROM ")[0] for query in queries.captured_queries)
    assert '"quote"' not in read  # the claims' and articles' words are not read
    assert '"title"' not in read
    assert '"explanation"' not in read


def test_an_unpublished_check_leaves_the_feed_and_sitemap(public, checks, moderator):
    services.span_unpublish(user=moderator, span=checks[0])

    gone = f"http://testserver{address(checks[0])}"
    assert gone not in public.get(FEED).content.decode()
    assert gone not in public.get(SITEMAP).content.decode()


def test_a_deleted_claim_leaves_the_feed_and_sitemap(public, checks, moderator):
    gone = f"http://testserver{address(checks[0])}"

    services.span_delete(user=moderator, span=checks[0])

    assert gone not in public.get(FEED).content.decode()
    assert gone not in public.get(SITEMAP).content.decode()
