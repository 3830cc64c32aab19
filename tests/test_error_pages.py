"""Refusals and missing pages are explained in the app's own layout."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_forbidden_page_gives_the_reason(outsider, client):
    client.force_login(outsider)

    response = client.post(reverse("annotations:article-import"), {"title": "x", "text": "y"})

    assert response.status_code == 403
    assert b"Back to the articles" in response.content


def test_missing_article_gets_the_not_found_page(editor_client):
    response = editor_client.get(reverse("annotations:article-detail", args=[999_999]))

    assert response.status_code == 404
    assert b"There is nothing at this address" in response.content
