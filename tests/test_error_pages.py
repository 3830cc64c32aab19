"""Refusals and missing pages are explained in the app's own layout."""

import pytest
from django.test import Client
from django.urls import reverse

from annotations.models import Article
from annotations.views.errors import CSRF_MESSAGE

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


def test_oversized_paste_gets_an_explanation_and_stores_nothing(editor_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000

    response = editor_client.post(
        reverse("annotations:article-import"), {"title": "Long", "text": "word " * 1_000}
    )

    assert response.status_code == 400
    assert b"larger than the 12 MB" in response.content
    assert not Article.objects.exists()


def test_csrf_failure_on_a_page_explains_what_to_do(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(reverse("annotations:article-import"), {"title": "x", "text": "y"})

    assert response.status_code == 403
    assert CSRF_MESSAGE.encode() in response.content
    assert b"site-header" in response.content
    assert not Article.objects.exists()


def test_csrf_failure_on_htmx_request_answers_a_fragment(editor):
    client = Client(enforce_csrf_checks=True, headers={"HX-Request": "true"})
    client.force_login(editor)

    response = client.post(reverse("annotations:article-import"), {"title": "x", "text": "y"})

    assert response.status_code == 403
    assert response.content.startswith(b'<p class="message message--error" role="alert">')
    assert b"<html" not in response.content
