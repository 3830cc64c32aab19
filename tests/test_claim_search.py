"""Claim search (issue 12, point 1): `GET /api/spans/?q=` and the Claims page, ranked, with
the span filters, blind review kept, and bad words refused."""

import pytest
from django.db import connection
from django.urls import reverse

from annotations import search as search_module
from annotations import services
from annotations.claim_index import index
from annotations.models import Article, ClaimIndex, Span
from tests.factories import ArticleFactory, VerdictFactory
from tests.helpers import client_for, results, signed_in_client, span_over

pytestmark = pytest.mark.django_db

TALIBAN = "Russia has established communication channels with the Taliban."
BUDGET = "The council adopted a budget of 3 million dollars."


@pytest.fixture
def taliban(editor):
    article = ArticleFactory(text=f"{TALIBAN} Other words follow here.", created_by=editor)
    span = span_over(article, TALIBAN, speaker="Zamir Kabulov", created_by=editor)
    index([span.pk])
    return span


@pytest.fixture
def budget(editor):
    article = ArticleFactory(text=f"{BUDGET} The mayor spoke.", created_by=editor)
    span = span_over(article, BUDGET)
    index([span.pk])
    return span


def search(client, q: str, **filters):
    return client.get(reverse("api:span-list"), {"q": q, **filters})


def test_search_finds_a_claim_by_a_word_of_its_quote(editor, taliban, budget):
    found = results(search(client_for(editor), "Taliban"))
    assert [row["id"] for row in found] == [taliban.pk]


def test_search_gives_each_result_a_score_between_0_and_1(editor, taliban, budget):
    # A third claim: with fewer, a word in one claim of two tells nothing (bm25's IDF is 0).
    crime = ArticleFactory(text="Crime fell. The end.", created_by=editor)
    index([span_over(crime, "Crime fell.").pk])
    [row] = results(search(client_for(editor), "Taliban channels"))
    assert 0 < row["score"] <= 1


def test_the_best_match_scores_1_even_for_a_word_most_claims_have(editor, taliban):
    for ending in ("in 2015.", "again."):
        text = f"Moscow talks to the Taliban {ending}"
        article = ArticleFactory(text=f"{text} Nothing else.", created_by=editor)
        index([span_over(article, text).pk])
    scores = [row["score"] for row in results(search(client_for(editor), "Taliban"))]
    assert len(scores) == 3
    assert scores == sorted(scores, reverse=True)
    assert scores[0] == 1


def test_search_finds_a_claim_by_its_speaker(editor, taliban, budget):
    found = results(search(client_for(editor), "Kabulov"))
    assert [row["id"] for row in found] == [taliban.pk]


def test_search_finds_a_claim_by_a_rationale(editor, taliban, budget):
    VerdictFactory(span=budget, rationale="The auditor's report contradicts the mayor.")
    index([budget.pk])
    found = results(search(client_for(editor), "auditor"))
    assert [row["id"] for row in found] == [budget.pk]


def test_search_ranks_the_better_match_first(editor, taliban):
    article = ArticleFactory(text="The Taliban said little. Nothing else.", created_by=editor)
    weaker = span_over(article, "The Taliban said little.")
    index([weaker.pk])
    found = results(search(client_for(editor), "Taliban communication channels"))
    assert found[0]["id"] == taliban.pk


def test_search_combines_with_the_span_filters(editor, taliban):
    other = ArticleFactory(text=f"{TALIBAN} More.", created_by=editor)
    second = span_over(other, TALIBAN)
    index([second.pk])
    found = results(search(client_for(editor), "Taliban", article=other.pk))
    assert [row["id"] for row in found] == [second.pk]


def test_search_does_not_reveal_a_rationale_sealed_by_blind_review(editor, second_editor, budget):
    Article.objects.filter(pk=budget.article_id).update(blind_review=True)
    VerdictFactory(span=budget, reviewer=second_editor, rationale="The auditor disagrees.")
    index([budget.pk])
    assert results(search(client_for(editor), "auditor")) == []


@pytest.mark.parametrize("blind_review", [False, True])
def test_search_applies_the_blind_review_rule_only_where_an_article_is_under_it(
    editor, budget, blind_review
):
    Article.objects.filter(pk=budget.article_id).update(blind_review=blind_review)
    ranked = search_module.ranked_matches("budget", editor)
    assert ("blind_review" in str(ranked.query)) is blind_review
    assert [row.span_id for row in ranked] == [budget.pk]


def test_search_finds_a_claim_created_through_the_api(editor, django_capture_on_commit_callbacks):
    article = ArticleFactory(text=f"{BUDGET} The mayor spoke.", created_by=editor)
    client = client_for(editor)
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            reverse("api:span-list"),
            {"article": article.pk, "start": 0, "end": len(BUDGET)},
            format="json",
        )
    assert created.status_code == 201
    assert [row["id"] for row in results(search(client, "council budget"))] == [
        created.json()["id"]
    ]


def test_a_changed_restated_claim_is_searched_once_indexed_again(
    editor, taliban, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.span_update(user=editor, span=taliban, claim="Moscow talks to insurgents.")
    assert "insurgents" in ClaimIndex.objects.get(span=taliban).words


def test_an_empty_query_is_a_400_naming_q(editor, taliban):
    response = search(client_for(editor), "")
    assert response.status_code == 400
    assert "q" in response.json()


def test_an_over_long_query_is_a_400_naming_q(editor, taliban):
    response = search(client_for(editor), "x" * 501)
    assert response.status_code == 400
    assert "q" in response.json()


def test_search_results_come_a_numbered_page_at_a_time(editor):
    article = ArticleFactory(text="Taliban one. Taliban two. Taliban three.", created_by=editor)
    spans = [span_over(article, f"Taliban {word}.") for word in ("one", "two", "three")]
    index([span.pk for span in spans])
    client = client_for(editor)
    first = search(client, "Taliban", page_size=2)
    second = client.get(first.json()["next"])
    ids = [row["id"] for row in first.json()["results"] + second.json()["results"]]
    assert sorted(ids) == sorted(span.pk for span in spans)
    assert second.json()["next"] is None


def test_the_claims_page_marks_the_matching_words(editor, taliban):
    page = signed_in_client(editor, htmx=False).get(
        reverse("annotations:claim-list"), {"q": "taliban"}
    )
    assert page.status_code == 200
    assert "<mark>Taliban</mark>" in page.content.decode()


def test_the_claims_page_says_when_nothing_matches(editor, taliban):
    page = signed_in_client(editor, htmx=False).get(
        reverse("annotations:claim-list"), {"q": "zeppelin"}
    )
    assert "No claim matches" in page.content.decode()


def test_the_claims_page_refuses_an_over_long_query_with_a_message(editor, taliban):
    page = signed_in_client(editor, htmx=False).get(
        reverse("annotations:claim-list"), {"q": "x" * 501}
    )
    assert page.status_code == 400
    assert "at most 500 characters" in page.content.decode()


def test_the_claims_page_is_in_the_main_navigation(editor):
    page = signed_in_client(editor, htmx=False).get(reverse("annotations:article-list"))
    assert f'href="{reverse("annotations:claim-list")}"' in page.content.decode()


def test_postgresql_stems_in_the_articles_language_and_sqlite_matches_as_typed(editor):
    article = ArticleFactory(text="The ministry denied the report. More.", created_by=editor)
    span = span_over(article, "The ministry denied the report.")
    index([span.pk])
    found = [row["id"] for row in results(search(client_for(editor), "denies reports"))]
    assert found == ([span.pk] if connection.vendor == "postgresql" else [])


def test_a_claim_is_indexed_in_its_articles_language(editor):
    article = ArticleFactory(text="Москва отрицает союз. Конец.", language="ru", created_by=editor)
    span = span_over(article, "Москва отрицает союз.")
    index([span.pk])
    assert ClaimIndex.objects.get(span=span).config == "russian"


def test_the_best_matches_are_sought_among_the_filtered_claims(editor, monkeypatch):
    monkeypatch.setattr(search_module, "MAX_RANKED", 1)
    strong = "Taliban, Taliban and again the Taliban."
    weak = "The report named the Taliban among many groups of armed men in the long list."
    strongest = ArticleFactory(text=f"{strong} The end.", created_by=editor)
    filtered = ArticleFactory(text=f"{weak} The end.", created_by=editor)
    index([span_over(strongest, strong).pk])
    weaker = span_over(filtered, weak)
    index([weaker.pk])
    found = results(search(client_for(editor), "Taliban", article=filtered.pk))
    assert [row["id"] for row in found] == [weaker.pk]


def test_search_lists_at_most_the_best_matches(editor, taliban, monkeypatch):
    monkeypatch.setattr(search_module, "MAX_RANKED", 1)
    other = ArticleFactory(text="The Taliban said little. The end.", created_by=editor)
    index([span_over(other, "The Taliban said little.").pk])
    assert len(results(search(client_for(editor), "Taliban"))) == 1


def test_rank_order_keeps_the_given_order_and_scores(editor):
    article = ArticleFactory(text="One. Two. Three. Four.", created_by=editor)
    spans = [span_over(article, word) for word in ("One.", "Two.", "Three.", "Four.")]
    best = [(spans[2].pk, 0.9), (spans[0].pk, 0.5), (spans[3].pk, 0.25)]
    ordered = search_module.in_rank_order(Span.objects.filter(pk__in=[pk for pk, _ in best]), best)
    assert [(span.pk, span.score) for span in ordered] == best
