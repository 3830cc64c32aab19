"""Links between claims in a bulk import (issue 12, point 3): `"type": "link"` records name
span records of the same import by their `id`; a bad one is a 400 and nothing is stored."""

import json

import pytest
from django.urls import reverse

from annotations.models import ClaimLink, Span
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

URL = reverse("api:import")
FIRST = "Russia opened channels to the Taliban. Nothing more."
SECOND = "Moscow talks to the Taliban, an envoy said. The end."


def records(link: dict) -> list[dict]:
    return [
        {"type": "article", "ref": "a", "title": "One", "text": FIRST},
        {"type": "article", "ref": "b", "title": "Two", "text": SECOND},
        {"type": "span", "id": 1, "article": "a", "start": 0, "end": 38, "quote": FIRST[:38]},
        {"type": "span", "id": 2, "article": "b", "start": 0, "end": 43, "quote": SECOND[:43]},
        {"type": "span", "id": 3, "article": "b", "start": 44, "end": 52, "quote": SECOND[44:52]},
        {"type": "link", **link},
    ]


def post(editor, link: dict):
    body = "\n".join(json.dumps(record) for record in records(link)) + "\n"
    return client_for(editor).post(URL, body, content_type="application/jsonl")


def test_an_import_stores_the_link_between_its_claims(editor):
    response = post(editor, {"span": 1, "other": 2, "relation": "same"})
    assert response.status_code == 201, response.content
    link = ClaimLink.objects.get()
    assert {link.span.quote, link.other.quote} == {FIRST[:38], SECOND[:43]}
    assert (link.relation, link.created_by) == ("same", editor)


def test_a_link_to_a_span_not_in_the_import_is_a_400_with_its_line(editor):
    response = post(editor, {"span": 1, "other": 9, "relation": "same"})
    assert response.status_code == 400
    assert [(p["line"], p["field"]) for p in response.json()["problems"]] == [(6, "other")]
    assert not Span.objects.exists()


def test_a_link_within_one_article_is_a_400(editor):
    response = post(editor, {"span": 2, "other": 3, "relation": "same"})
    assert response.status_code == 400
    assert not ClaimLink.objects.exists()


def test_a_link_with_an_unknown_relation_is_a_400(editor):
    response = post(editor, {"span": 1, "other": 2, "relation": "maybe"})
    assert response.status_code == 400
    assert [p["field"] for p in response.json()["problems"]] == ["relation"]
