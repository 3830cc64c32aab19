"""POST /api/spans/ with a `verdict`: a labelled claim in one request, in one transaction."""

import pytest
from django.urls import reverse

from annotations.models import Evidence, Label, Span, Verdict
from tests.factories import SpanFactory, VerdictFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

LIST = reverse("api:span-list")
MINISTER = {"start": 4, "end": 12, "quote": "minister"}


def labelled(article, **verdict) -> dict:
    return {"article": article.pk, **MINISTER, "verdict": {"label": "disputed", **verdict}}


def test_stores_the_span_and_the_callers_verdict(api_client, article, editor):
    body = labelled(
        article, rationale="Figures differ", evidence=[{"url": "https://stats.example/march"}]
    )

    response = api_client.post(LIST, body, format="json")

    assert response.status_code == 201, response.json()
    verdict = Verdict.objects.get()
    assert (verdict.span.quote, verdict.reviewer) == ("minister", editor)
    assert verdict.label == "disputed"
    assert verdict.rationale == "Figures differ"
    assert list(verdict.evidence.values_list("url", flat=True)) == ["https://stats.example/march"]


def test_answers_with_the_span_holding_the_verdict_and_its_etag(api_client, article):
    response = api_client.post(LIST, labelled(article), format="json")

    shown = response.json()
    assert [verdict["label"] for verdict in shown["verdicts"]] == ["disputed"]
    assert shown["consensus"] == "disputed"
    assert response["ETag"] == '"1"'
    assert shown == api_client.get(response["Location"]).json()


def test_joins_a_colleagues_span_with_200_and_adds_the_verdict(article, second_editor):
    span = SpanFactory(article=article, start=4, end=12, quote="minister")
    VerdictFactory(span=span, label=Label.SUPPORTED)

    response = client_for(second_editor).post(LIST, labelled(article), format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["id"] == span.pk
    assert sorted(v["label"] for v in response.json()["verdicts"]) == ["disputed", "supported"]
    assert span.highlighters.filter(pk=second_editor.pk).exists()


def test_a_caller_who_already_judged_the_span_gets_409_and_nothing_is_stored(
    article, second_editor
):
    span = SpanFactory(article=article, start=4, end=12, quote="minister")
    earlier = VerdictFactory(span=span, reviewer=second_editor, label=Label.SUPPORTED)

    response = client_for(second_editor).post(LIST, labelled(article), format="json")

    assert response.status_code == 409
    assert response.json()["existing"] == earlier.pk
    assert response.json()["existing_url"].endswith(
        reverse("api:verdict-detail", kwargs={"pk": earlier.pk})
    )
    assert not span.highlighters.filter(pk=second_editor.pk).exists()
    assert Verdict.objects.get().label == Label.SUPPORTED


def test_an_unknown_label_is_a_400_on_the_verdict_and_stores_no_span(api_client, article):
    response = api_client.post(LIST, labelled(article, label="true"), format="json")

    assert response.status_code == 400
    assert "label" in response.json()["verdict"]
    assert not Span.objects.exists()


def test_a_bad_evidence_link_is_a_400_naming_it_and_stores_no_span(api_client, article):
    body = labelled(article, evidence=[{"url": "not a link"}])

    response = api_client.post(LIST, body, format="json")

    assert response.status_code == 400
    assert "verdict.evidence" in response.json()
    assert not Span.objects.exists()
    assert not Evidence.objects.exists()


def test_an_unknown_verdict_field_is_a_400(api_client, article):
    response = api_client.post(LIST, labelled(article, confidence=3), format="json")

    assert response.status_code == 400
    assert response.json()["verdict"] == {"confidence": ["Unknown field."]}


def test_a_verdict_that_is_not_an_object_is_a_400(api_client, article):
    body = {"article": article.pk, **MINISTER, "verdict": "disputed"}

    response = api_client.post(LIST, body, format="json")

    assert response.status_code == 400
    assert "verdict" in response.json()
    assert not Span.objects.exists()


def test_a_labelled_claim_makes_a_fixed_number_of_queries(
    api_client, article, django_assert_max_num_queries
):
    body = labelled(article, evidence=[{"url": "https://a.example"}, {"url": "https://b.example"}])

    # Token, article, role, then span, verdict and each link with its history row, in
    # savepoints: a bounded number, whatever else the article holds. +4: two changes logged
    # (claim.created, verdict.saved), each with its look for subscribed webhooks.
    with django_assert_max_num_queries(22):
        response = api_client.post(LIST, body, format="json")

    assert response.status_code == 201
