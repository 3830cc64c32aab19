"""The read serializers show a row the same whether or not its related lists were loaded."""

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from annotations.api.serializers import SpanSerializer, VerdictSerializer
from annotations.models import Span, Verdict
from tests.factories import EvidenceFactory, SpanFactory, VerdictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def context() -> dict:
    return {"request": Request(APIRequestFactory().get("/api/"))}


@pytest.fixture
def span(article, editor):
    span = SpanFactory(article=article, created_by=editor)
    EvidenceFactory(verdict=VerdictFactory(span=span, reviewer=editor))
    return span


def test_a_span_read_without_its_lists_shows_them_as_a_loaded_one_does(span, context):
    loaded = Span.objects.with_verdicts().get(pk=span.pk)

    plain = SpanSerializer(Span.objects.get(pk=span.pk), context=context).data

    assert plain == SpanSerializer(loaded, context=context).data
    assert plain["highlighters"] == ["editor"]
    assert len(plain["verdicts"]) == 1


def test_a_verdict_read_without_its_evidence_shows_it(span, context):
    verdict = Verdict.objects.get(span=span)

    data = VerdictSerializer(verdict, context=context).data

    assert data["evidence"] == [
        {"url": item.url, "title": item.title, "note": item.note}
        for item in verdict.evidence.all()
    ]
