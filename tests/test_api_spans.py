"""/api/spans/: list with filters, retrieve, highlight (create), change, delete."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from annotations.api.serializers import SpanSerializer
from annotations.models import Article, Label, Span, Verdict
from tests.factories import ArticleFactory, EvidenceFactory, SpanFactory, VerdictFactory
from tests.helpers import client_for, results

pytestmark = pytest.mark.django_db

LIST = reverse("api:span-list")


def detail(span) -> str:
    return reverse("api:span-detail", kwargs={"pk": span.pk})


def ids(response) -> list[int]:
    return [row["id"] for row in results(response)]


@pytest.fixture
def span(article, editor):
    return SpanFactory(article=article, created_by=editor)


def test_list_shows_spans_with_verdicts_and_consensus(api_client, span, second_editor):
    VerdictFactory(span=span, reviewer=second_editor, label=Label.DISPUTED)

    row = results(api_client.get(LIST))[0]

    assert (row["article"], row["start"], row["end"]) == (span.article_id, 0, 60)
    assert row["quote"] == span.quote
    assert row["highlighters"] == ["editor"]
    assert row["consensus"] == "disputed"
    assert row["verdicts"][0]["label"] == "disputed"
    assert row["state"] == "pending"


def test_list_filters_by_article(api_client, span):
    SpanFactory()

    assert ids(api_client.get(LIST, {"article": span.article_id})) == [span.pk]


def test_list_filters_by_verdict_label_and_reviewer(api_client, span, second_editor):
    other = SpanFactory()
    VerdictFactory(span=span, reviewer=second_editor, label=Label.DISPUTED)
    VerdictFactory(span=other, label=Label.SUPPORTED)

    assert ids(api_client.get(LIST, {"label": "disputed"})) == [span.pk]
    assert ids(api_client.get(LIST, {"reviewer": "second_editor"})) == [span.pk]


def test_list_filters_by_state_and_final_label(api_client, span):
    settled = SpanFactory(state=Span.State.APPROVED, final_label=Label.SUPPORTED)

    assert ids(api_client.get(LIST, {"state": "approved"})) == [settled.pk]
    assert ids(api_client.get(LIST, {"final_label": "supported"})) == [settled.pk]


def test_list_filters_by_creation_date_range(api_client, span):
    old = SpanFactory()
    Span.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=40))
    today = timezone.now().date()

    recent = api_client.get(LIST, {"created_after": str(today - datetime.timedelta(days=1))})
    older = api_client.get(LIST, {"created_before": str(today - datetime.timedelta(days=30))})

    assert ids(recent) == [span.pk]
    assert ids(older) == [old.pk]


def test_list_filters_orphaned_spans(api_client, span):
    orphan = SpanFactory(is_orphaned=True)

    assert ids(api_client.get(LIST, {"orphaned": "true"})) == [orphan.pk]


def test_list_rejects_an_invalid_filter_value(api_client):
    response = api_client.get(LIST, {"state": "lost", "article": "abc"})

    assert response.status_code == 400
    assert set(response.json()) == {"state", "article"}


def _fill(count: int) -> None:
    for _ in range(count):
        span = SpanFactory()
        EvidenceFactory(verdict=VerdictFactory(span=span))
        VerdictFactory(span=span)


def test_list_makes_the_same_number_of_queries_for_more_rows(
    api_client, django_assert_num_queries
):
    _fill(2)
    with django_assert_num_queries(5) as small:
        api_client.get(LIST)
    _fill(10)

    with django_assert_num_queries(len(small.captured_queries)):
        rows = results(api_client.get(LIST))

    assert len(rows) == 12


def test_retrieve(api_client, span):
    response = api_client.get(detail(span))

    assert response.status_code == 200
    assert response.json()["api_url"].endswith(detail(span))


def test_a_span_shows_exactly_its_declared_fields(api_client, span):
    row = api_client.get(detail(span)).json()

    declared = {name for name, field in SpanSerializer().fields.items() if not field.write_only}
    assert set(row) == declared


def test_retrieve_unknown_span_is_404(api_client):
    assert api_client.get(reverse("api:span-detail", kwargs={"pk": 999})).status_code == 404


def test_create_highlights_a_claim(api_client, article, editor):
    response = api_client.post(
        LIST,
        {"article": article.pk, "start": 4, "end": 12, "quote": "minister", "claim": "A claim"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    span = Span.objects.get()
    assert (span.start, span.end, span.quote, span.claim) == (4, 12, "minister", "A claim")
    assert span.created_by == editor
    assert response["Location"].endswith(detail(span))
    assert response.json()["prefix"] == "The "


def test_create_answers_with_the_span_as_a_get_shows_it(api_client, article):
    response = api_client.post(LIST, {"article": article.pk, "start": 4, "end": 12}, format="json")

    assert response.json() == api_client.get(response["Location"]).json()


def test_create_ignores_read_only_fields_echoed_back(api_client, article):
    body = {"article": article.pk, "start": 4, "end": 12, "id": 99, "verdicts": [], "state": "x"}

    response = api_client.post(LIST, body, format="json")

    assert response.status_code == 201
    span = Span.objects.get()
    assert (response.json()["id"], response.json()["verdicts"]) == (span.pk, [])


def test_create_same_range_joins_the_existing_span_with_200(article, span, second_editor):
    response = client_for(second_editor).post(
        LIST, {"article": article.pk, "start": 0, "end": 60}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["id"] == span.pk
    assert set(span.highlighters.values_list("username", flat=True)) == {
        "editor",
        "second_editor",
    }


def test_create_accepts_utf16_offsets(api_client, editor):
    article = ArticleFactory(text="Emoji 😀 claims here.", created_by=editor)

    response = api_client.post(
        LIST,
        {"article": article.pk, "start": 9, "end": 15, "offset_unit": "utf16"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert Span.objects.get().quote == "claims"
    assert (response.json()["start"], response.json()["end"]) == (8, 14)


def test_create_rejects_a_utf16_offset_inside_a_surrogate_pair(api_client, editor):
    article = ArticleFactory(text="Emoji 😀 claims here.", created_by=editor)

    response = api_client.post(
        LIST, {"article": article.pk, "start": 7, "end": 15, "offset_unit": "utf16"}, format="json"
    )

    assert response.status_code == 400
    assert "surrogate" in response.json()["start"][0]
    assert not Span.objects.exists()


@pytest.mark.parametrize(
    ("offsets", "field"),
    [
        ({"start": 10, "end": 5}, "end"),
        ({"start": -1, "end": 5}, "start"),
        ({"start": 0, "end": 10_000}, "end"),
        ({"start": 0, "end": 12, "quote": "The ministry"}, "quote"),
    ],
)
def test_create_rejects_bad_offsets_and_quotes(api_client, article, offsets, field):
    response = api_client.post(LIST, {"article": article.pk, **offsets}, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Span.objects.exists()


def test_create_on_a_closed_article_is_refused(api_client, editor):
    closed = ArticleFactory(status=Article.Status.CLOSED, created_by=editor)

    response = api_client.post(LIST, {"article": closed.pk, "start": 0, "end": 3}, format="json")

    assert response.status_code == 400
    assert "article" in response.json()


def test_create_for_an_unknown_article_is_400(api_client):
    response = api_client.post(LIST, {"article": 999, "start": 0, "end": 3}, format="json")

    assert response.status_code == 400
    assert "article" in response.json()


def test_create_is_refused_to_a_user_without_a_role(outsider, article):
    response = client_for(outsider).post(
        LIST, {"article": article.pk, "start": 0, "end": 3}, format="json"
    )

    assert response.status_code == 403
    assert not Span.objects.exists()


def test_create_makes_a_fixed_number_of_queries(
    api_client, article, django_assert_max_num_queries
):
    # +2: the change log's row and the look for webhooks subscribed to claim.created.
    with django_assert_max_num_queries(10):
        response = api_client.post(
            LIST, {"article": article.pk, "start": 4, "end": 12}, format="json"
        )

    assert response.status_code == 201


def test_creator_changes_the_restated_claim(api_client, span):
    response = api_client.patch(
        detail(span), {"claim": "Unemployment is 4.2%", "speaker": "Minister"}, format="json"
    )

    assert response.status_code == 200, response.json()
    span.refresh_from_db()
    assert (span.claim, span.speaker) == ("Unemployment is 4.2%", "Minister")


def test_change_cannot_move_the_range(api_client, span):
    response = api_client.patch(detail(span), {"start": 3, "claim": "x"}, format="json")

    assert response.status_code == 200
    span.refresh_from_db()
    assert (span.start, span.claim) == (0, "x")


def test_other_editor_cannot_change_or_delete_a_span(span, second_editor):
    client = client_for(second_editor)

    assert client.patch(detail(span), {"claim": "x"}, format="json").status_code == 403
    assert client.delete(detail(span)).status_code == 403
    span.refresh_from_db()
    assert span.claim == ""


def test_creator_deletes_their_span_with_204(api_client, span):
    response = api_client.delete(detail(span))

    assert response.status_code == 204
    assert not Span.objects.exists()


def test_creator_cannot_delete_a_span_others_judged(api_client, span, second_editor):
    VerdictFactory(span=span, reviewer=second_editor)

    response = api_client.delete(detail(span))

    assert response.status_code == 403
    assert Span.objects.filter(pk=span.pk).exists()


def test_moderator_deletes_any_span_with_its_verdicts(moderator, span, second_editor):
    VerdictFactory(span=span, reviewer=second_editor)

    response = client_for(moderator).delete(detail(span))

    assert response.status_code == 204
    assert not Span.objects.exists()
    assert not Verdict.objects.exists()
