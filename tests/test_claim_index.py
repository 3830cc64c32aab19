"""The claim index (annotations.claim_index): words and rationales every time, a new vector
only when the claim's words changed."""

from contextlib import suppress
from types import SimpleNamespace

import pytest
from django.db import transaction

from annotations import claim_index, embedding, services
from annotations.models import ClaimIndex, ClaimVector
from tests.factories import VerdictFactory
from tests.helpers import FIRST_SENTENCE, span_over

pytestmark = pytest.mark.django_db


@pytest.fixture
def embedded(monkeypatch) -> list[list]:
    """The claims each call of the model was given."""
    calls = []
    real = embedding.claim_vectors

    def counting(claims):
        calls.append(list(claims))
        return real(claims)

    monkeypatch.setattr(embedding, "claim_vectors", counting)
    return calls


def test_a_new_rationale_is_indexed_without_a_new_vector(article, embedded):
    span = span_over(article, FIRST_SENTENCE)
    claim_index.index([span.pk])
    VerdictFactory(span=span, rationale="The statistics office says 4.4 percent.")
    claim_index.index([span.pk])
    assert "statistics office" in ClaimIndex.objects.get(span=span).rationales
    assert [len(call) for call in embedded] == [1, 0]


def test_a_restated_claim_gets_a_new_vector(article, embedded):
    span = span_over(article, FIRST_SENTENCE)
    claim_index.index([span.pk])
    before = ClaimVector.objects.get(span=span).vector
    span.claim = "Unemployment fell to 4.2 percent."
    span.save()
    claim_index.index([span.pk])
    assert [len(call) for call in embedded] == [1, 1]
    assert bytes(ClaimVector.objects.get(span=span).vector) != bytes(before)


def test_a_deleted_claim_is_skipped(article):
    span = span_over(article, FIRST_SENTENCE)
    pk = span.pk
    span.delete()
    claim_index.index([pk])
    assert not ClaimIndex.objects.exists()


@pytest.fixture
def enqueued(monkeypatch) -> list[list[int]]:
    """The claims each index task was asked for."""
    calls = []
    monkeypatch.setattr(claim_index, "index_claims", SimpleNamespace(enqueue=calls.append))
    return calls


def test_a_labelled_claim_asks_for_one_index_task(
    editor, article, enqueued, django_capture_on_commit_callbacks
):
    start = article.text.index(FIRST_SENTENCE)
    with django_capture_on_commit_callbacks(execute=True):
        span, _, _ = services.span_create_judged(
            user=editor,
            article=article,
            start=start,
            end=start + len(FIRST_SENTENCE),
            verdict={"label": "disputed", "rationale": "The office says otherwise."},
        )

    assert enqueued == [[span.pk]]


def test_claims_of_a_rolled_back_write_are_indexed_with_the_next_one(
    editor, article, enqueued, django_capture_on_commit_callbacks
):
    first = span_over(article, FIRST_SENTENCE)
    second = span_over(article, "percent")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with suppress(RuntimeError), transaction.atomic():
            claim_index.index_later([first.pk])
            raise RuntimeError("the write fails")
        claim_index.index_later([second.pk])

    assert enqueued == [sorted([first.pk, second.pk])]
