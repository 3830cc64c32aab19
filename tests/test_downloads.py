"""Exports from the pages (issue 11, point 10): links on the list and the reader, and file
names that say what a download holds."""

import datetime

import pytest
from django.http import QueryDict
from django.urls import reverse

from annotations.api.export_views import download_name
from tests.factories import ArticleFactory, VerdictFactory
from tests.helpers import FIRST_SENTENCE, span_over, streamed

DAY = datetime.date(2026, 11, 28)


def test_an_unfiltered_download_is_named_by_its_contents_and_day() -> None:
    assert download_name("verdicts.csv", QueryDict(""), DAY) == "verdicts-2026-11-28.csv"


def test_an_articles_download_names_the_article() -> None:
    name = download_name("verdicts.csv", QueryDict("article=3"), DAY)

    assert name == "verdicts-article-3-2026-11-28.csv"


def test_a_filtered_download_says_so() -> None:
    name = download_name("spans.jsonl", QueryDict("article=3&label=disputed"), DAY)

    assert name == "spans-article-3-filtered-2026-11-28.jsonl"


@pytest.mark.django_db
def test_the_export_response_carries_the_descriptive_name(api_client, article) -> None:
    response = api_client.get(reverse("api:export-verdicts"), {"article": article.pk})
    streamed(response)

    assert response["Content-Disposition"].startswith(
        f'attachment; filename="verdicts-article-{article.pk}-'
    )


@pytest.mark.django_db
def test_the_reader_offers_the_articles_four_downloads(editor_client, article) -> None:
    page = editor_client.get(reverse("annotations:article-detail", args=[article.pk])).text

    for route in ("export-spans", "export-verdicts", "export-annotations", "export-claimreviews"):
        assert f'href="{reverse(f"api:{route}")}?article={article.pk}" download' in page


@pytest.mark.django_db
def test_the_article_list_offers_every_articles_downloads(editor_client, article) -> None:
    page = editor_client.get(reverse("annotations:article-list")).text

    assert f'href="{reverse("api:export-verdicts")}" download' in page


@pytest.mark.django_db
def test_the_filtered_article_lists_downloads_carry_its_filters(editor_client, article) -> None:
    page = editor_client.get(
        reverse("annotations:article-list"), {"source": "Example Times", "status": "open"}
    ).text

    query = "?article_source=Example+Times&amp;article_status=open"
    assert f'href="{reverse("api:export-spans")}{query}" download' in page
    assert "Download the articles shown" in page


@pytest.mark.django_db
def test_an_export_holds_only_the_articles_a_list_filter_chooses(api_client, editor) -> None:
    shown = ArticleFactory(source="Example Times", created_by=editor)
    hidden = ArticleFactory(source="Other Post", created_by=editor)
    for article in (shown, hidden):
        VerdictFactory(span=span_over(article, FIRST_SENTENCE))

    response = api_client.get(reverse("api:export-verdicts"), {"article_source": "example times"})

    rows = streamed(response).splitlines()[1:]
    assert len(rows) == 1
    assert f",{shown.pk}," in rows[0]


@pytest.mark.django_db
def test_the_article_filters_on_exports_reject_bad_values(api_client) -> None:
    response = api_client.get(reverse("api:export-spans"), {"article_has_disputed": "maybe"})

    assert response.status_code == 400
    assert "article_has_disputed" in response.json()


@pytest.mark.django_db
def test_the_span_list_takes_the_article_filters_too(api_client, editor) -> None:
    open_article = ArticleFactory(created_by=editor)
    closed = ArticleFactory(created_by=editor, status="closed")
    span_over(open_article, FIRST_SENTENCE)
    span_over(closed, FIRST_SENTENCE)

    response = api_client.get(reverse("api:span-list"), {"article_status": "closed"})

    assert [span["article"] for span in response.json()["results"]] == [closed.pk]
