"""API authentication: token and session, 401 for anonymous callers, users' own tokens."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.helpers import client_for

pytestmark = pytest.mark.django_db

PROTECTED = [
    reverse("api:article-list"),
    reverse("api:span-list"),
    reverse("api:verdict-list"),
    reverse("api:export-spans"),
    reverse("api:export-verdicts"),
    reverse("api:export-annotations"),
    reverse("api:export-claimreviews"),
    reverse("api:schema"),
]


@pytest.mark.parametrize("url", PROTECTED)
def test_anonymous_requests_get_401_with_a_token_challenge(url):
    response = APIClient().get(url)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_anonymous_write_gets_401(article):
    response = APIClient().post(
        reverse("api:span-list"), {"article": article.pk, "start": 0, "end": 3}, format="json"
    )

    assert response.status_code == 401


def test_an_unknown_token_gets_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    assert client.get(reverse("api:article-list")).status_code == 401


def test_a_deactivated_users_token_gets_401(editor):
    client = client_for(editor)
    editor.is_active = False
    editor.save()

    assert client.get(reverse("api:article-list")).status_code == 401


def test_a_signed_in_browser_session_reads_the_api(editor_client, article):
    response = editor_client.get(reverse("api:article-list"))

    assert response.status_code == 200


def test_session_writes_need_the_csrf_token(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(reverse("api:token"))

    assert response.status_code == 403
    assert not Token.objects.filter(user=editor).exists()


def test_a_user_without_a_role_can_read(outsider, article):
    assert client_for(outsider).get(reverse("api:article-list")).status_code == 200


def test_user_issues_their_own_token(editor_client, editor):
    response = editor_client.post(reverse("api:token"))

    assert response.status_code == 201
    assert response.json()["token"] == Token.objects.get(user=editor).key


def test_issuing_a_new_token_revokes_the_old_one(api_client, editor):
    old = Token.objects.get(user=editor).key

    new = api_client.post(reverse("api:token")).json()["token"]

    assert new != old
    assert api_client.get(reverse("api:article-list")).status_code == 401


def test_user_revokes_their_own_token(api_client, editor):
    response = api_client.delete(reverse("api:token"))

    assert response.status_code == 204
    assert not Token.objects.filter(user=editor).exists()
    assert api_client.get(reverse("api:article-list")).status_code == 401


def test_api_token_command_prints_a_working_token(editor, article):
    output = io.StringIO()

    call_command("api_token", "editor", stdout=output)

    key = output.getvalue().strip()
    assert key == Token.objects.get(user=editor).key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(reverse("api:article-list")).status_code == 200


def test_api_token_command_revokes(editor):
    Token.objects.create(user=editor)

    call_command("api_token", "editor", "--revoke", stderr=io.StringIO())

    assert not Token.objects.filter(user=editor).exists()


def test_api_token_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="no user 'nobody'"):
        call_command("api_token", "nobody")


def test_api_token_command_refuses_an_inactive_user(editor):
    editor.is_active = False
    editor.save()

    with pytest.raises(CommandError, match="inactive"):
        call_command("api_token", "editor")

    assert not Token.objects.filter(user=editor).exists()
