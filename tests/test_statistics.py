"""annotations.statistics: the desk's work over a period, read from the database."""

import datetime

import pytest
from django.utils import timezone

from annotations.models import Label, Span, Verdict
from annotations.statistics import (
    Scope,
    delay_to_first_verdict,
    delay_to_settlement,
    median_delay,
    reviewer_work,
    weekly_states,
)
from tests.factories import ArticleFactory, EditorFactory, SpanFactory, VerdictFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


def claim(article, start: int, *, created: datetime.datetime, labels=(), **fields) -> Span:
    quote = article.text[start : start + 3]
    span = SpanFactory(article=article, start=start, end=start + 3, quote=quote, **fields)
    Span.objects.filter(pk=span.pk).update(created_at=created)
    for label in labels:
        VerdictFactory(span=span, label=label)
    return span


def test_median_delay_of_odd_even_and_no_pairs():
    assert median_delay([(MONDAY, MONDAY + HOUR)]) == HOUR
    assert median_delay([(MONDAY, MONDAY + HOUR), (MONDAY, MONDAY + 3 * HOUR)]) == 2 * HOUR
    assert median_delay([]) is None


def test_weekly_states_count_claims_by_week_and_the_state_they_show(article):
    claim(article, 0, created=MONDAY, labels=[Label.SUPPORTED])
    claim(article, 4, created=MONDAY + 2 * 24 * HOUR, labels=[Label.SUPPORTED, Label.DISPUTED])
    claim(article, 8, created=MONDAY + 7 * 24 * HOUR)

    weeks = weekly_states(Scope())

    assert [week.start for week in weeks] == [MONDAY.date(), (MONDAY + 7 * 24 * HOUR).date()]
    assert (weeks[0].counts["supported"], weeks[0].counts["split"]) == (1, 1)
    assert weeks[1].counts["none"] == 1


def test_a_settled_claim_counts_with_its_final_label(article):
    claim(article, 0, created=MONDAY, labels=[Label.SUPPORTED], final_label=Label.DISPUTED)

    assert weekly_states(Scope())[0].counts["disputed"] == 1


def test_reviewer_work_counts_verdicts_by_label_busiest_first():
    ana, ben = EditorFactory(username="ana"), EditorFactory(username="ben")
    VerdictFactory(reviewer=ben, label=Label.DISPUTED)
    VerdictFactory(reviewer=ana, label=Label.SUPPORTED)
    VerdictFactory(reviewer=ana, label=Label.SUPPORTED)

    work = reviewer_work(Scope())

    assert [(row.username, row.total) for row in work] == [("ana", 2), ("ben", 1)]
    assert work[0].counts == {"supported": 2, "disputed": 0, "unverified": 0}


def test_delays_to_the_first_verdict_and_to_settlement(article):
    span = claim(article, 0, created=MONDAY, labels=[Label.SUPPORTED, Label.SUPPORTED])
    first, second = Verdict.objects.order_by("pk")
    Verdict.objects.filter(pk=first.pk).update(created_at=MONDAY + 2 * HOUR)
    Verdict.objects.filter(pk=second.pk).update(created_at=MONDAY + 5 * HOUR)
    Span.objects.filter(pk=span.pk).update(
        final_label=Label.SUPPORTED, moderated_at=MONDAY + 9 * HOUR
    )
    claim(article, 4, created=MONDAY)  # never judged, never settled

    assert delay_to_first_verdict(Scope()) == 2 * HOUR
    assert delay_to_settlement(Scope()) == 9 * HOUR


def test_a_scope_keeps_one_source_and_one_period(article):
    other = ArticleFactory(source="Other Post", text="Completely different text, from elsewhere.")
    claim(article, 0, created=MONDAY)
    claim(other, 0, created=MONDAY)
    claim(other, 4, created=MONDAY - 30 * 24 * HOUR)

    scope = Scope(after=(MONDAY - 24 * HOUR).date(), source="Other Post")

    assert scope.spans().count() == 1
    assert Scope(before=(MONDAY - 24 * HOUR).date()).spans().count() == 1
    assert Scope(after=timezone.now().date()).spans().count() == 0
