"""ArticleFilter: the search and filters shared by the article list and the API."""

import pytest
from django.test import RequestFactory

from annotations.filters import ArticleFilter
from annotations.models import Article, Label
from tests.factories import ArticleFactory, SpanFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def _filter(params: dict, user=None) -> set[str]:
    request = RequestFactory().get("/", params)
    request.user = user
    filterset = ArticleFilter(params, queryset=Article.objects.all(), request=request)
    assert filterset.is_valid(), filterset.errors
    return {article.title for article in filterset.qs}


def test_search_matches_title_source_or_text_for_every_word():
    ArticleFactory(title="Budget speech", source="Daily", text="The deficit halved.")
    ArticleFactory(title="Flood report", source="Herald", text="Rivers rose in the budget year.")

    assert _filter({"q": "budget"}) == {"Budget speech", "Flood report"}
    assert _filter({"q": "budget herald"}) == {"Flood report"}


def test_source_filter_ignores_case():
    ArticleFactory(title="A", source="Reuters")
    ArticleFactory(title="B", source="AP")

    assert _filter({"source": "reuters"}) == {"A"}


def test_status_filter():
    ArticleFactory(title="Open one")
    ArticleFactory(title="Closed one", status=Article.Status.CLOSED)

    assert _filter({"status": "closed"}) == {"Closed one"}


def test_has_disputed_filter():
    disputed = VerdictFactory(label=Label.DISPUTED, span__article__title="Disputed")
    VerdictFactory(label=Label.SUPPORTED, span__article__title="Supported")

    assert _filter({"has_disputed": "true"}) == {disputed.span.article.title}
    assert _filter({"has_disputed": "false"}) == {"Supported"}


def test_unjudged_by_me_keeps_articles_with_a_claim_i_have_not_judged(editor):
    done = SpanFactory(article__title="Done")
    VerdictFactory(span=done, reviewer=editor)
    SpanFactory(article__title="Waiting")
    ArticleFactory(title="No claims")

    assert _filter({"unjudged_by_me": "true"}, user=editor) == {"Waiting"}


def test_invalid_status_is_a_form_error():
    filterset = ArticleFilter({"status": "archived"}, queryset=Article.objects.all())

    assert not filterset.is_valid()
    assert "status" in filterset.errors
