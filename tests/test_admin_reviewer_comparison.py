"""The admin's claim page: how each reviewer of the claim's article compares."""

import pytest
from django.urls import reverse

from annotations.models import Label
from annotations.statistics import article_reviewers
from tests.factories import EditorFactory, VerdictFactory
from tests.helpers import span_over


@pytest.fixture
def judged_article(article, editor, second_editor):
    """Three claims: two where everyone agrees, one where `second_editor` differs and the
    moderator settled it with the majority label."""
    third = EditorFactory(username="third")
    agreed = span_over(article, "The minister said")
    also_agreed = span_over(article, "Critics said")
    differs = span_over(article, "Officials denied it.", final_label=Label.DISPUTED)
    for span in (agreed, also_agreed):
        for reviewer in (editor, second_editor, third):
            VerdictFactory(span=span, reviewer=reviewer, label=Label.SUPPORTED)
    VerdictFactory(span=differs, reviewer=editor, label=Label.DISPUTED)
    VerdictFactory(span=differs, reviewer=third, label=Label.DISPUTED)
    VerdictFactory(span=differs, reviewer=second_editor, label=Label.SUPPORTED)
    return {"agreed": agreed, "differs": differs}


@pytest.mark.django_db
def test_article_reviewers_counts_each_reviewers_verdicts_by_label(judged_article, article):
    reviewers = {row.username: row for row in article_reviewers(article.pk)}

    assert reviewers["second_editor"].counts == {"supported": 3, "disputed": 0, "unverified": 0}


@pytest.mark.django_db
def test_article_reviewers_compares_each_reviewer_with_the_others_majority(
    judged_article, article
):
    reviewers = {row.username: row for row in article_reviewers(article.pk)}

    assert reviewers["editor"].against_the_rest.observed_agreement == 1.0
    assert reviewers["second_editor"].against_the_rest.observed_agreement == pytest.approx(2 / 3)


@pytest.mark.django_db
def test_article_reviewers_counts_how_often_the_final_verdict_matched(judged_article, article):
    reviewers = {row.username: row for row in article_reviewers(article.pk)}

    assert (reviewers["editor"].matches_final, reviewers["editor"].settled) == (1, 1)
    assert (reviewers["second_editor"].matches_final, reviewers["second_editor"].settled) == (0, 1)


@pytest.mark.django_db
def test_article_reviewers_gives_each_reviewers_label_on_the_claim_shown(judged_article, article):
    reviewers = article_reviewers(article.pk, claim=judged_article["differs"].pk)

    assert {row.username: row.label_here for row in reviewers} == {
        "editor": "disputed",
        "second_editor": "supported",
        "third": "disputed",
    }


@pytest.mark.django_db
def test_article_reviewers_is_one_query(judged_article, article, django_assert_num_queries):
    with django_assert_num_queries(1):
        article_reviewers(article.pk)


@pytest.mark.django_db
def test_the_admin_claim_page_shows_the_reviewer_comparison(moderator_client, judged_article):
    url = reverse("admin:annotations_span_change", args=[judged_article["differs"].pk])

    page = moderator_client.get(url).content.decode()

    assert "Reviewers of this article, compared" in page
    assert '<th scope="row">second_editor</th>' in page
    assert "0 of 1" in page
