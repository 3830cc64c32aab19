"""Signing in and out, pages closed to anonymous visitors, the layout, CSRF for htmx."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from annotations.models import Article

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("login")
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's password


def test_sign_in_page_shows_the_form(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert 'name="username"' in response.text
    assert 'name="password"' in response.text


def test_sign_in_leads_to_the_article_list(client, editor):
    response = client.post(LOGIN_URL, {"username": "editor", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("annotations:article-list")
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_sign_in_returns_to_the_page_asked_for(client, editor):
    token_url = reverse("annotations:account-token")

    response = client.post(
        LOGIN_URL, {"username": "editor", "password": PASSWORD, "next": token_url}
    )

    assert response.url == token_url


def test_wrong_password_is_refused_with_a_message(client, editor):
    response = client.post(LOGIN_URL, {"username": "editor", "password": "wrong"})

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text
    assert "_auth_user_id" not in client.session


def test_sign_out_ends_the_session(editor_client):
    response = editor_client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == reverse("login")
    assert "_auth_user_id" not in editor_client.session


def test_sign_out_is_a_form_in_the_header(editor_client):
    response = editor_client.get(reverse("annotations:article-list"))

    assert f'<form method="post" action="{reverse("logout")}">' in response.text


@pytest.mark.parametrize(
    "url_name",
    ["annotations:article-list", "annotations:article-import", "annotations:account-token"],
)
def test_anonymous_visitor_is_sent_to_sign_in(client, url_name):
    url = reverse(url_name)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{LOGIN_URL}?next={url}"


@pytest.mark.parametrize(
    "url_name", ["annotations:account-token-regenerate", "annotations:account-token-revoke"]
)
def test_anonymous_post_is_sent_to_sign_in_and_changes_nothing(client, url_name):
    response = client.post(reverse(url_name))

    assert response.status_code == 302
    assert response.url.startswith(f"{LOGIN_URL}?next=")
    assert not Token.objects.exists()


def test_anonymous_import_is_sent_to_sign_in_and_stores_nothing(client):
    response = client.post(
        reverse("annotations:article-import"), {"title": "T", "text": "Text.", "language": "en"}
    )

    assert response.status_code == 302
    assert not Article.objects.exists()


def test_navigation_shows_the_admin_link_to_moderators_only(editor_client, moderator_client):
    admin_link = f'href="{reverse("admin:index")}"'

    assert admin_link not in editor_client.get(reverse("annotations:article-list")).text
    assert admin_link in moderator_client.get(reverse("annotations:article-list")).text


def test_navigation_marks_the_current_page(editor_client):
    response = editor_client.get(reverse("annotations:account-token"))

    token_url = reverse("annotations:account-token")
    assert f'href="{token_url}" aria-current="page"' in response.text


def test_pages_load_the_bundled_htmx_2_with_the_csp_nonce(editor_client):
    response = editor_client.get(reverse("annotations:article-list"))

    match = re.search(r'<script src="([^"]+)" defer nonce="([^"]+)"></script>', response.text)
    assert match
    assert match.group(1).endswith("django_htmx/htmx-2.min.js")
    assert f"'nonce-{match.group(2)}'" in response["Content-Security-Policy"]


def test_htmx_evaluates_no_script_and_talks_only_to_this_site(editor_client):
    page = editor_client.get(reverse("annotations:article-list")).text

    config = json.loads(re.search(r'name="htmx-config" content=\'([^\']+)\'', page).group(1))
    assert config == {
        "includeIndicatorStyles": False,
        "allowEval": False,
        "allowScriptTags": False,
        "selfRequestsOnly": True,
        # Settling a swap copies no style attribute (the CSP allows none).
        "attributesToSettle": ["class", "width", "height"],
        # Back and forward load the page again: the reader's script starts afresh with it.
        "historyCacheSize": 0,
        "refreshOnHistoryMiss": True,
    }


def _htmx_csrf_header(client: Client) -> str:
    page = client.get(reverse("annotations:article-list")).text
    return re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page).group(1)


def test_htmx_requests_pass_csrf_with_the_token_from_the_body(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    token = _htmx_csrf_header(client)

    response = client.post(
        reverse("annotations:account-token-regenerate"),
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )

    assert response.status_code == 302
    assert Token.objects.filter(user=editor).exists()


def test_requests_without_the_csrf_token_are_refused(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(
        reverse("annotations:account-token-regenerate"), headers={"HX-Request": "true"}
    )

    assert response.status_code == 403
    assert not Token.objects.exists()
