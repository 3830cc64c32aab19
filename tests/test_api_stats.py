"""GET /api/stats/agreement/: reviewer agreement over the stored verdicts."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from annotations.models import Verdict
from tests.factories import ArticleFactory, EditorFactory, SpanFactory, VerdictFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

URL = reverse("api:stats-agreement")


@pytest.fixture
def reviewers():
    return [EditorFactory(username=name) for name in ("ana", "ben", "cy")]


def judge(article, start: int, **labels) -> None:
    """A claim of `article` judged by the named reviewers."""
    quote = article.text[start : start + 3]
    span = SpanFactory(article=article, start=start, end=start + 3, quote=quote)
    for name, label in labels.items():
        VerdictFactory(span=span, reviewer=User.objects.get(username=name), label=label)


def test_reports_alpha_and_observed_agreement_over_all_claims(api_client, article, reviewers):
    judge(article, 0, ana="supported", ben="supported")
    judge(article, 4, ana="disputed", ben="disputed")
    judge(article, 8, ana="supported", ben="disputed")
    judge(article, 12, cy="unverified")  # one verdict: not a unit

    data = api_client.get(URL).json()

    assert data["alpha"] == pytest.approx(0.4444, abs=0.0001)
    assert data["observed_agreement"] == pytest.approx(2 / 3)
    assert (data["units"], data["pairable_values"], data["reviewers"]) == (3, 6, 2)


def test_without_pairable_verdicts_there_is_no_alpha(api_client, article, reviewers):
    judge(article, 0, ana="supported")

    data = api_client.get(URL).json()

    assert data == {
        "alpha": None,
        "observed_agreement": None,
        "units": 0,
        "pairable_values": 0,
        "reviewers": 0,
    }


def test_filters_by_article(api_client, article, reviewers):
    other = ArticleFactory(text="Another text entirely, with claims of its own.")
    judge(article, 0, ana="supported", ben="supported")
    judge(other, 0, ana="supported", ben="disputed")

    data = api_client.get(URL, {"article": other.pk}).json()

    assert (data["units"], data["observed_agreement"]) == (1, 0.0)


def test_a_pair_of_reviewers_counts_the_claims_both_judged(api_client, article, reviewers):
    judge(article, 0, ana="supported", ben="supported", cy="disputed")
    judge(article, 4, ana="disputed", cy="disputed")

    data = api_client.get(URL, {"reviewer_a": "ana", "reviewer_b": "ben"}).json()

    assert (data["units"], data["observed_agreement"], data["reviewers"]) == (1, 1.0, 2)


def test_one_reviewer_against_the_rest(api_client, article, reviewers):
    judge(article, 0, ana="supported", ben="disputed", cy="disputed")
    judge(article, 4, ana="disputed", ben="disputed", cy="disputed")

    data = api_client.get(URL, {"reviewer": "ana"}).json()

    assert (data["units"], data["observed_agreement"], data["reviewers"]) == (2, 0.5, 3)


def test_a_period_counts_the_verdicts_given_in_it(api_client, article, reviewers):
    judge(article, 0, ana="supported", ben="disputed")
    judge(article, 4, ana="disputed", ben="disputed")
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Verdict.objects.filter(span__start=0).update(created_at=long_ago)

    yesterday = timezone.now() - datetime.timedelta(days=1)
    recent = api_client.get(URL, {"created_after": yesterday.isoformat()})
    old = api_client.get(URL, {"created_before": "2001-01-01"})

    assert (recent.json()["units"], recent.json()["observed_agreement"]) == (1, 1.0)
    assert old.json()["units"] == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"reviewer_a": "ana"}, "reviewer_b"),
        ({"reviewer": "ana", "reviewer_a": "ana", "reviewer_b": "ben"}, "reviewer"),
        ({"reviewer": "nobody"}, "reviewer"),
        ({"article": "x"}, "article"),
        ({"created_after": "yesterday"}, "created_after"),
        ({"created_after": "2026-02-01", "created_before": "2026-01-01"}, "created_before"),
        ({"colour": "red"}, "colour"),
        ({"reviewer_b": ""}, "reviewer_b"),
    ],
)
def test_bad_parameters_are_400_naming_the_field(api_client, reviewers, query, field):
    response = api_client.get(URL, query)

    assert response.status_code == 400
    assert field in response.json()


def test_a_user_without_a_role_is_refused(outsider):
    assert client_for(outsider).get(URL).status_code == 403


def test_the_number_of_queries_does_not_grow_with_the_claims(
    api_client, article, reviewers, django_assert_max_num_queries
):
    for start in range(0, 40, 4):
        judge(article, start, ana="supported", ben="disputed", cy="disputed")

    # The token, the caller's role, the reviewer's name, the verdicts.
    with django_assert_max_num_queries(4):
        assert api_client.get(URL, {"reviewer": "ana"}).status_code == 200
