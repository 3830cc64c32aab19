"""/stats/: the desk's statistics page."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from annotations.models import Span
from annotations.views.stats import duration
from tests.factories import ArticleFactory, EditorFactory, SpanFactory, VerdictFactory
from tests.helpers import signed_in_client

pytestmark = pytest.mark.django_db

URL = reverse("annotations:statistics")


def judge(article, start: int, **labels) -> Span:
    quote = article.text[start : start + 3]
    span = SpanFactory(article=article, start=start, end=start + 3, quote=quote)
    for name, label in labels.items():
        reviewer = User.objects.filter(username=name).first() or EditorFactory(username=name)
        VerdictFactory(span=span, reviewer=reviewer, label=label)
    return span


def test_shows_agreement_by_article_lowest_first(editor):
    calm = ArticleFactory(title="Calm article", text="Quiet facts, all agreed upon here.")
    stormy = ArticleFactory(title="Stormy article", text="Loud claims that nobody agrees on.")
    judge(calm, 0, ana="supported", ben="supported")
    judge(calm, 6, ana="disputed", ben="disputed")
    judge(stormy, 0, ana="supported", ben="disputed")
    judge(stormy, 5, ana="disputed", ben="supported")

    page = signed_in_client(editor, htmx=False).get(URL).content.decode()

    assert page.index("Stormy article") < page.index("Calm article")
    assert "ana and ben" in page


def test_shows_verdicts_per_reviewer_and_the_weekly_chart_with_its_table(editor, article):
    judge(article, 0, ana="supported", ben="disputed")

    response = signed_in_client(editor, htmx=False).get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="chart__segment chart__segment--split"' in page
    assert "Show as a table" in page
    assert ">ana</th>" in page


def test_an_empty_desk_says_so(editor):
    page = signed_in_client(editor, htmx=False).get(URL).content.decode()

    assert "No claims in this period." in page
    assert "No verdicts in this period." in page


def test_a_period_limits_the_claims_counted(editor, article):
    judge(article, 0, ana="supported", ben="supported")
    old = judge(article, 4, ana="disputed", ben="supported")
    Span.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=90))
    after = (timezone.now() - datetime.timedelta(days=7)).date().isoformat()

    response = signed_in_client(editor, htmx=False).get(URL, {"after": after})

    weeks = response.context["stats"].weeks
    assert sum(week.total for week in weeks) == 1


def test_a_reversed_period_is_a_form_error_and_everything_is_shown(editor, article):
    judge(article, 0, ana="supported", ben="supported")

    response = signed_in_client(editor, htmx=False).get(
        URL, {"after": "2026-02-01", "before": "2026-01-01"}
    )

    assert response.status_code == 200
    assert "The end of the period must not come before its start." in response.content.decode()
    assert sum(week.total for week in response.context["stats"].weeks) == 1


def test_an_unknown_source_is_a_form_error(editor):
    response = signed_in_client(editor, htmx=False).get(URL, {"source": "Nowhere Times"})

    assert response.context["form"].errors["source"]


def test_the_number_of_queries_does_not_grow_with_the_data(editor, django_assert_num_queries):
    client = signed_in_client(editor, htmx=False)
    article = ArticleFactory(text="One two three four five six seven eight nine ten eleven.")
    judge(article, 0, ana="supported", ben="disputed")
    client.get(URL)  # the first view stores the scope's snapshot: later ones update it
    # Each view computes the figures (as the worker would; see the conftest) and stores them.
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for start in range(4, 40, 4):
        judge(article, start, ana="supported", ben="disputed", cy="unverified")

    with django_assert_num_queries(len(few.captured_queries)):
        client.get(URL)


def test_a_user_without_a_role_is_refused(outsider):
    response = signed_in_client(outsider, htmx=False).get(URL)

    assert response.status_code == 403
    assert "Only editors and moderators" in response.content.decode()


def test_editors_find_it_in_the_navigation(editor):
    page = signed_in_client(editor, htmx=False).get(reverse("annotations:article-list"))

    assert f'href="{URL}"' in page.content.decode()


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(45, "45 s"), (720, "12 min"), (12_000, "3 h 20 min"), (187_200, "2 d 4 h"), (86_400, "1 d")],
)
def test_durations_read_in_two_units(seconds, shown):
    assert duration(datetime.timedelta(seconds=seconds)) == shown


def test_the_weekly_chart_has_no_hidden_state(editor, article):
    # Blind review hides single claims' verdicts from editors, never the desk's totals.
    judge(article, 0, ana="supported", ben="disputed")

    page = signed_in_client(editor, htmx=False).get(URL).content.decode()

    assert "Hidden until you judge" not in page
