"""The article list: progress per article, search and filters, htmx fragments, pagination."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import Article, Label
from annotations.views.articles import ARTICLES_PER_PAGE
from tests.factories import ArticleFactory, SpanFactory, VerdictFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("annotations:article-list")


def _titles(response) -> list[str]:
    return [article.title for article in response.context["page"]]


def _article_with_verdicts(labels: list[str], **fields) -> Article:
    """An article with one claim per label, each judged once."""
    article = ArticleFactory(**fields)
    for number, label in enumerate(labels):
        span = SpanFactory(article=article, start=number, end=number + 10)
        VerdictFactory(span=span, label=label)
    return article


def test_list_links_each_title_to_its_reader(editor_client):
    article = ArticleFactory(title="Minister on unemployment")

    response = editor_client.get(LIST_URL)

    assert response.status_code == 200
    detail_url = reverse("annotations:article-detail", args=[article.pk])
    assert f'href="{detail_url}"' in response.text
    assert "Minister on unemployment" in response.text


def test_list_shows_source_and_publication_date(editor_client):
    ArticleFactory(source="The Daily Example", published=datetime.date(2024, 3, 15))

    response = editor_client.get(LIST_URL)

    assert "The Daily Example" in response.text
    assert '<time datetime="2024-03-15">15 Mar 2024</time>' in response.text


def test_list_counts_claims_and_verdicts_by_label(editor_client):
    _article_with_verdicts([Label.SUPPORTED, Label.DISPUTED, Label.DISPUTED])

    response = editor_client.get(LIST_URL)

    [article] = response.context["page"]
    assert article.span_count == 3
    counts = {segment["label"]: segment["count"] for segment in article.progress["segments"]}
    assert counts == {Label.SUPPORTED: 1, Label.DISPUTED: 2, Label.UNVERIFIED: 0}


def test_progress_bar_stacks_segments_with_text_counts(editor_client):
    _article_with_verdicts([Label.SUPPORTED, Label.DISPUTED, Label.DISPUTED])

    response = editor_client.get(LIST_URL)

    assert 'viewBox="0 0 3 1"' in response.text
    assert 'progress__segment--supported" x="0" y="0" width="1"' in response.text
    assert 'progress__segment--disputed" x="1" y="0" width="2"' in response.text
    # Never colour alone: each count is written out with its label.
    assert '<span class="visually-hidden">Disputed:</span> 2' in response.text


def test_article_without_verdicts_says_so(editor_client):
    ArticleFactory()

    response = editor_client.get(LIST_URL)

    assert "No verdicts yet" in response.text


def test_search_matches_words_in_the_text(editor_client):
    ArticleFactory(title="Budget", text="The deficit halved this year.")
    ArticleFactory(title="Floods", text="Rivers rose in the north.")

    response = editor_client.get(LIST_URL, {"q": "rivers"})

    assert _titles(response) == ["Floods"]
    assert 'value="rivers"' in response.text


def test_source_filter_keeps_one_outlet_and_offers_every_source(editor_client):
    ArticleFactory(title="From Reuters", source="Reuters")
    ArticleFactory(title="From AP", source="AP")

    response = editor_client.get(LIST_URL, {"source": "Reuters"})

    assert _titles(response) == ["From Reuters"]
    assert '<option value="AP">AP</option>' in response.text
    assert '<option value="Reuters" selected>Reuters</option>' in response.text


def test_status_filter_keeps_closed_articles(editor_client):
    ArticleFactory(title="Open one")
    ArticleFactory(title="Closed one", status=Article.Status.CLOSED)

    response = editor_client.get(LIST_URL, {"status": "closed"})

    assert _titles(response) == ["Closed one"]


def test_disputed_filter_keeps_articles_with_a_disputed_verdict(editor_client):
    _article_with_verdicts([Label.DISPUTED], title="Contested")
    _article_with_verdicts([Label.SUPPORTED], title="Settled")

    response = editor_client.get(LIST_URL, {"has_disputed": "true"})

    assert _titles(response) == ["Contested"]


def test_unjudged_filter_keeps_articles_with_claims_i_have_not_judged(editor_client, editor):
    mine = SpanFactory(article=ArticleFactory(title="Done"))
    VerdictFactory(span=mine, reviewer=editor)
    SpanFactory(article=ArticleFactory(title="To do"))

    response = editor_client.get(LIST_URL, {"unjudged_by_me": "true"})

    assert _titles(response) == ["To do"]


def test_unknown_status_is_reported_and_ignored(editor_client):
    ArticleFactory(title="Any")

    response = editor_client.get(LIST_URL, {"status": "archived"})

    assert response.status_code == 200
    assert _titles(response) == ["Any"]
    assert "Select a valid choice" in response.text
    assert "This filter was ignored." in response.text


def test_htmx_request_gets_only_the_table_fragment(htmx_client):
    ArticleFactory(title="Fragment article")

    response = htmx_client.get(LIST_URL, {"q": "Fragment"})

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="article-table"')
    assert "<html" not in response.text
    assert "Fragment article" in response.text
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(htmx_client):
    response = htmx_client.get(LIST_URL, headers={"HX-History-Restore-Request": "true"})

    assert "<html" in response.text


def test_filter_form_updates_the_table_in_place_and_keeps_the_url(editor_client):
    response = editor_client.get(LIST_URL)

    assert f'hx-get="{LIST_URL}"' in response.text
    assert 'hx-target="#article-table"' in response.text
    assert 'hx-trigger="input changed delay:300ms, change, submit"' in response.text
    assert 'hx-push-url="true"' in response.text


def test_list_is_paginated(editor_client):
    ArticleFactory.create_batch(ARTICLES_PER_PAGE + 5)

    response = editor_client.get(LIST_URL, {"page": 2})

    assert len(_titles(response)) == 5
    assert f"{ARTICLES_PER_PAGE + 5} articles" in response.text


def test_page_links_keep_the_filters_for_htmx_and_plain_links(editor_client):
    ArticleFactory.create_batch(ARTICLES_PER_PAGE + 1, source="Wire")

    response = editor_client.get(LIST_URL, {"source": "Wire"})

    assert 'href="?source=Wire&amp;page=2" hx-get="?source=Wire&amp;page=2"' in response.text


def test_page_number_past_the_end_shows_the_last_page(editor_client):
    ArticleFactory.create_batch(3)

    response = editor_client.get(LIST_URL, {"page": 99})

    assert response.status_code == 200
    assert len(_titles(response)) == 3


def test_page_number_that_is_not_a_number_shows_the_first_page(editor_client):
    ArticleFactory()

    response = editor_client.get(LIST_URL, {"page": "last"})

    assert response.status_code == 200
    assert len(_titles(response)) == 1


def test_empty_list_invites_an_editor_to_add_an_article(editor_client):
    response = editor_client.get(LIST_URL)

    assert "No articles yet" in response.text
    assert reverse("annotations:article-import") in response.text


def test_filters_that_match_nothing_offer_to_clear_them(editor_client):
    ArticleFactory(title="Budget")

    response = editor_client.get(LIST_URL, {"q": "volcano"})

    assert "No articles match these filters" in response.text


def test_user_without_a_role_sees_the_list_but_no_add_button(client, outsider):
    ArticleFactory(title="Readable")
    client.force_login(outsider)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert "Readable" in response.text
    assert reverse("annotations:article-import") not in response.text


def _list_query_count(client, articles: int) -> int:
    for _ in range(articles):
        _article_with_verdicts([Label.SUPPORTED, Label.DISPUTED, Label.UNVERIFIED])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL)
    assert len(_titles(response)) == min(Article.objects.count(), ARTICLES_PER_PAGE)
    return len(queries)


def test_list_query_count_does_not_grow_with_articles(editor_client):
    few = _list_query_count(editor_client, 3)
    many = _list_query_count(editor_client, 27)

    assert few == many


def test_list_query_count_is_bounded(editor_client, django_assert_max_num_queries):
    for _ in range(5):
        _article_with_verdicts([Label.SUPPORTED, Label.DISPUTED])

    # Session, user, roles, count, the page of articles, their assignees, the sources for the
    # filter.
    with django_assert_max_num_queries(7):
        editor_client.get(LIST_URL, {"q": "minister", "has_disputed": "true"})
