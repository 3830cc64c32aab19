"""API paths answer with JSON whatever goes wrong, never with the HTML error pages."""

import pytest
from django.urls import reverse

from annotations import services

pytestmark = pytest.mark.django_db


def test_an_unexpected_failure_in_the_api_is_json(api_client, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(services, "article_create", fail)
    api_client.raise_request_exception = False

    response = api_client.post(
        reverse("api:article-list"), {"title": "T", "text": "Text."}, format="json"
    )

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_an_unknown_api_address_is_json(api_client):
    response = api_client.get("/api/no-such-thing/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_an_unknown_page_keeps_the_html_error_page(editor_client):
    response = editor_client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_failing_page_keeps_the_html_error_page(editor_client, monkeypatch, article):
    def fail(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(services, "span_create", fail)
    editor_client.raise_request_exception = False

    response = editor_client.post(
        reverse("annotations:span-create", args=[article.pk]),
        {"start": 0, "end": 3, "quote": article.text[:3]},
    )

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
