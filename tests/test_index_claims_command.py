"""`manage.py index_claims`: the claims not indexed yet get their entry; --all, every claim."""

import io

import pytest
from django.core.management import call_command

from annotations.claim_index import index
from annotations.models import ClaimIndex
from tests.helpers import CRITICS, FIRST_SENTENCE, span_over

pytestmark = pytest.mark.django_db


def test_the_command_indexes_the_claims_without_an_entry(article):
    first, second = span_over(article, FIRST_SENTENCE), span_over(article, CRITICS)
    index([first.pk])
    out = io.StringIO()
    call_command("index_claims", stdout=out)
    assert set(ClaimIndex.objects.values_list("span_id", flat=True)) == {first.pk, second.pk}
    assert "1 claim(s) indexed." in out.getvalue()


def test_all_indexes_every_claim_again(article):
    span = span_over(article, FIRST_SENTENCE)
    index([span.pk])
    ClaimIndex.objects.filter(span=span).update(words="stale")
    call_command("index_claims", "--all", stdout=io.StringIO())
    assert ClaimIndex.objects.get(span=span).words == FIRST_SENTENCE
