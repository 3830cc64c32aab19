"""The moderation queue: pending claims only, split verdicts first, then the longest waiting."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from annotations.admin.queue import ModerationQueueAdmin
from annotations.models import Label, Span
from annotations.services import memory
from tests.factories import ArticleFactory, EditorFactory, SpanFactory, VerdictFactory

pytestmark = pytest.mark.django_db

QUEUE_URL = reverse("admin:annotations_queuedspan_changelist")


def _span(article, start: int, *labels: str, age_days: int = 0, **fields) -> Span:
    span = SpanFactory(article=article, start=start, end=start + 8, **fields)
    Span.objects.filter(pk=span.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=age_days)
    )
    for label in labels:
        VerdictFactory(span=span, label=label)
    return span


def _queue(client, query: str = "") -> list[int]:
    response = client.get(f"{QUEUE_URL}{query}")
    assert response.status_code == 200
    return [span.pk for span in response.context["cl"].result_list]


def test_split_claims_come_first_then_oldest_first(moderator_client, article):
    recent_agreed = _span(article, 0, Label.SUPPORTED, Label.SUPPORTED, age_days=1)
    old_agreed = _span(article, 10, Label.DISPUTED, age_days=9)
    recent_split = _span(article, 20, Label.SUPPORTED, Label.DISPUTED, age_days=2)
    old_split = _span(article, 30, Label.UNVERIFIED, Label.DISPUTED, age_days=5)
    no_verdict = _span(article, 40, age_days=3)

    assert _queue(moderator_client) == [
        old_split.pk,
        recent_split.pk,
        old_agreed.pk,
        no_verdict.pk,
        recent_agreed.pk,
    ]


def test_decided_and_orphaned_claims_are_not_in_the_queue(moderator_client, article):
    pending = _span(article, 0, Label.SUPPORTED)
    _span(article, 10, state=Span.State.APPROVED, final_label=Label.SUPPORTED)
    _span(article, 20, state=Span.State.REJECTED)
    _span(article, 30, is_orphaned=True)

    assert _queue(moderator_client) == [pending.pk]


def test_rows_show_counts_agreement_and_majority_and_link_to_the_claim(moderator_client, article):
    span = _span(article, 0, Label.DISPUTED, Label.DISPUTED, Label.SUPPORTED)

    response = moderator_client.get(QUEUE_URL)

    html = response.content.decode()
    assert reverse("admin:annotations_span_change", args=[span.pk]) in html
    assert 'class="badge badge--disputed" title="2 disputed"' in html
    assert 'class="badge badge--supported" title="1 supported"' in html
    assert '<span class="badge badge--split">Split</span>' in html
    assert 'href="/static/css/labels.css"' in html


def test_split_filter_keeps_only_split_claims(moderator_client, article):
    split = _span(article, 0, Label.SUPPORTED, Label.DISPUTED)
    _span(article, 10, Label.SUPPORTED)
    _span(article, 20)

    assert _queue(moderator_client, "?agreement=split") == [split.pk]


def test_article_filter_keeps_only_that_articles_claims(moderator_client, article):
    here = _span(article, 0)
    _span(ArticleFactory(), 0)

    assert _queue(moderator_client, f"?article__id__exact={article.pk}") == [here.pk]


def test_queue_query_count_does_not_grow_with_claims(
    moderator_client, django_assert_max_num_queries, django_assert_num_queries
):
    article = ArticleFactory()
    for start in range(3):
        _span(article, start, Label.SUPPORTED, Label.DISPUTED)
    with django_assert_max_num_queries(14) as few:
        moderator_client.get(QUEUE_URL)

    for start in range(3, 30):
        _span(article, start, Label.SUPPORTED, Label.DISPUTED)
    with django_assert_num_queries(len(few.captured_queries)):
        response = moderator_client.get(QUEUE_URL)

    assert len(response.context["cl"].result_list) == 30


def test_editor_is_sent_to_the_admin_login(editor_client):
    response = editor_client.get(QUEUE_URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_admin_index_leads_moderators_to_the_queue(moderator_client):
    response = moderator_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert f'href="{QUEUE_URL}"' in response.content.decode()


def test_a_queued_claims_own_address_leads_to_the_claim_page(moderator_client, article):
    span = _span(article, 0)

    response = moderator_client.get(reverse("admin:annotations_queuedspan_change", args=[span.pk]))

    assert response.status_code == 302
    assert response.url == reverse("admin:annotations_span_change", args=[span.pk])


def test_queue_can_be_sorted_by_agreement(moderator_client, article):
    split = _span(article, 0, Label.SUPPORTED, Label.DISPUTED)
    agreed = _span(article, 10, Label.SUPPORTED)

    assert _queue(moderator_client, "?o=3") == [agreed.pk, split.pk]


def _judged(article, start: int, **labels) -> Span:
    span = SpanFactory(article=article, start=start, end=start + 8)
    for name, label in labels.items():
        reviewer = EditorFactory(username=f"{name}{article.pk}")
        VerdictFactory(span=span, reviewer=reviewer, label=label)
    return span


def test_rows_show_their_articles_agreement(moderator_client, article):
    _judged(article, 0, ana="supported", ben="supported")
    _judged(article, 10, ana="disputed", ben="supported")
    _judged(article, 20, ana="unverified", ben="unverified")

    response = moderator_client.get(QUEUE_URL)

    assert response.context["cl"].result_list[0].article_alpha == pytest.approx(6 / 11)
    assert ">0.55<" in response.content.decode()


def test_queue_sorts_by_article_agreement_lowest_first_unknown_last(moderator_client):
    calm = ArticleFactory(text="Quiet facts, all agreed upon, nothing to see here at all.")
    stormy = ArticleFactory(text="Loud claims that nobody agrees on, argued all week long.")
    lonely = ArticleFactory(text="A claim that only one reviewer has judged so far today.")
    calm_claims = [
        _judged(calm, 0, ana="supported", ben="supported"),
        _judged(calm, 10, ana="disputed", ben="disputed"),
    ]
    stormy_claims = [
        _judged(stormy, 0, ana="supported", ben="disputed"),
        _judged(stormy, 10, ana="disputed", ben="disputed"),
    ]
    unknown = _judged(lonely, 0, ana="supported")
    column = ModerationQueueAdmin.list_display.index("article_agreement_column")

    order = _queue(moderator_client, f"?o={column + 1}")

    assert set(order[:2]) == {span.pk for span in stormy_claims}
    assert set(order[2:4]) == {span.pk for span in calm_claims}
    assert order[4] == unknown.pk


def test_claims_linked_as_the_same_are_listed_together(moderator_client, moderator, article):
    first = _span(article, 0, Label.SUPPORTED, age_days=9)
    between = _span(article, 10, Label.SUPPORTED, age_days=5)
    elsewhere = _span(ArticleFactory(), 0, Label.SUPPORTED, age_days=1)
    memory.link_set(user=moderator, span=elsewhere, other=first, relation="same")

    assert _queue(moderator_client) == [first.pk, elsewhere.pk, between.pk]


def test_the_queue_names_the_claims_linked_as_the_same(moderator_client, moderator, article):
    first = _span(article, 0, Label.SUPPORTED)
    elsewhere = _span(ArticleFactory(), 0, Label.SUPPORTED)
    memory.link_set(user=moderator, span=elsewhere, other=first, relation="same")

    page = moderator_client.get(QUEUE_URL).content.decode()
    assert reverse("admin:annotations_span_change", args=[elsewhere.pk]) in page
    assert f">#{first.pk}</a>" in page
