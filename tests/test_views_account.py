"""The API-token page: create, regenerate and revoke your own token; the key is shown once."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from annotations import services

pytestmark = pytest.mark.django_db

TOKEN_URL = reverse("annotations:account-token")
REGENERATE_URL = reverse("annotations:account-token-regenerate")
REVOKE_URL = reverse("annotations:account-token-revoke")


def test_page_says_when_there_is_no_token(editor_client):
    response = editor_client.get(TOKEN_URL)

    assert response.status_code == 200
    assert "You have no API token." in response.text
    assert "Create a token" in response.text


def test_page_shows_the_end_of_an_existing_token_but_not_the_key(editor_client, editor):
    token = services.api_token_regenerate(user=editor)

    response = editor_client.get(TOKEN_URL)

    assert "You have a token" in response.text
    assert f"…{token.key[-4:]}" in response.text
    assert token.key not in response.text


def test_create_stores_a_token_and_shows_the_key_once(editor_client, editor):
    response = editor_client.post(REGENERATE_URL)

    token = Token.objects.get(user=editor)
    assert response.status_code == 302
    assert response.url == TOKEN_URL
    assert token.key in editor_client.get(TOKEN_URL).text
    assert token.key not in editor_client.get(TOKEN_URL).text


def test_regenerate_replaces_the_key(editor_client, editor):
    old_key = services.api_token_regenerate(user=editor).key

    editor_client.post(REGENERATE_URL)

    assert Token.objects.get(user=editor).key != old_key
    assert not Token.objects.filter(key=old_key).exists()


def test_revoke_deletes_the_token(editor_client, editor):
    services.api_token_regenerate(user=editor)

    response = editor_client.post(REVOKE_URL, follow=True)

    assert not Token.objects.filter(user=editor).exists()
    assert "Your API token was revoked." in response.text


def test_revoke_without_a_token_changes_nothing(editor_client, editor):
    response = editor_client.post(REVOKE_URL)

    assert response.status_code == 302
    assert not Token.objects.exists()


def test_other_users_tokens_are_untouched(editor_client, second_editor):
    theirs = services.api_token_regenerate(user=second_editor)

    editor_client.post(REGENERATE_URL)
    editor_client.post(REVOKE_URL)

    assert Token.objects.get(user=second_editor).key == theirs.key


@pytest.mark.parametrize("url", [REGENERATE_URL, REVOKE_URL])
def test_changes_need_a_post(editor_client, editor, url):
    services.api_token_regenerate(user=editor)
    key = Token.objects.get(user=editor).key

    response = editor_client.get(url)

    assert response.status_code == 405
    assert Token.objects.get(user=editor).key == key


def test_user_without_a_role_can_have_a_token(client, outsider):
    client.force_login(outsider)

    client.post(REGENERATE_URL)

    assert Token.objects.filter(user=outsider).exists()


def test_token_page_queries_are_few(editor_client, editor, django_assert_max_num_queries):
    services.api_token_regenerate(user=editor)

    # Session, user, roles for the navigation, the token.
    with django_assert_max_num_queries(5):
        editor_client.get(TOKEN_URL)
