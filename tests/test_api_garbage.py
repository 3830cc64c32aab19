"""Garbage of every type sent to every write endpoint of the API: never a 500."""

import json

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, SpanFactory, VerdictFactory
from tests.helpers import client_for, send

pytestmark = pytest.mark.django_db

ARTICLES = reverse("api:article-list")
SPANS = reverse("api:span-list")
VERDICTS = reverse("api:verdict-list")

GARBAGE = [
    None,
    True,
    0,
    -1,
    2**63,
    -(2**64),
    1.5,
    1e308,
    "",
    " ",
    "x",
    "\x00",
    "\ud800",
    "9" * 400,
    "x" * 20_000,
    [],
    [None, {"a": []}],
    {},
    {"url": 1},
]


@pytest.fixture
def targets(moderator):
    """Every write endpoint with a valid body to start from (the moderator may do anything)."""
    article = ArticleFactory(created_by=moderator)
    span = SpanFactory(article=article, created_by=moderator)
    verdict = VerdictFactory(span=span, reviewer=moderator)
    article_url = reverse("api:article-detail", kwargs={"pk": article.pk})
    span_url = reverse("api:span-detail", kwargs={"pk": span.pk})
    verdict_url = reverse("api:verdict-detail", kwargs={"pk": verdict.pk})
    evidence = [{"url": "https://a.example", "title": "t", "note": "n"}]
    return [
        ("post", ARTICLES, {"title": "t", "text": "Fresh text.", "published": "2026-01-01"}),
        ("patch", article_url, {"title": "t", "status": "open", "language": "en", "url": ""}),
        ("post", f"{article_url}revise/", {"text": article.text}),
        ("post", SPANS, {"article": article.pk, "start": 4, "end": 12, "quote": "minister"}),
        ("patch", span_url, {"claim": "c", "speaker": "s"}),
        ("post", f"{span_url}settle/", {"final_label": "supported", "note": "n"}),
        ("post", f"{span_url}reject/", {"note": "n"}),
        ("post", VERDICTS, {"span": span.pk, "label": "supported", "evidence": evidence}),
        ("put", verdict_url, {"label": "disputed", "rationale": "r", "evidence": evidence}),
        ("patch", verdict_url, {"label": "disputed", "evidence": evidence}),
    ]


def test_garbage_of_every_type_in_every_field_never_crashes(moderator, targets):
    client = client_for(moderator)
    for method, url, valid in targets:
        for field in [*valid, "unexpected"]:
            for value in GARBAGE:
                body = valid | {field: value}
                response = send(client, method, url, body)
                assert response.status_code < 500, (method, url, field, value)
                assert isinstance(response.json(), dict | list)


@pytest.mark.parametrize(
    "body", [b"", b"null", b"[]", b'"x"', b"12", b"true", b"{", b"\x00", json.dumps([{}]).encode()]
)
def test_garbage_bodies_never_crash(moderator, targets, body):
    client = client_for(moderator)
    for method, url, _valid in targets:
        response = client.generic(method.upper(), url, body, content_type="application/json")
        assert response.status_code < 500, (method, url, body)
