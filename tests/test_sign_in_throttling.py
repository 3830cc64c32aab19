"""Repeated failed sign-ins lock out an account and an address (django-axes), with a clear
page, on the app's sign-in and the admin's; moderators and the command line unlock."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from annotations import services
from annotations.models import AccountEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's password
SIGN_IN_PAGES = [reverse("login"), reverse("admin:login")]


def fail(client, url: str, username: str, times: int, address: str = "10.0.0.1") -> None:
    for _ in range(times):
        client.post(url, {"username": username, "password": "wrong"}, REMOTE_ADDR=address)


def sign_in(client, url: str, username: str, address: str = "10.0.0.1"):
    return client.post(url, {"username": username, "password": PASSWORD}, REMOTE_ADDR=address)


@pytest.mark.parametrize("url", SIGN_IN_PAGES)
def test_the_right_password_after_too_many_wrong_ones_is_refused(url, moderator):
    client = Client()
    fail(client, url, "moderator", settings.AXES_FAILURE_LIMIT)

    response = sign_in(client, url, "moderator")

    assert response.status_code == 429
    assert "Sign-in paused" in response.text
    assert "ask a moderator to unlock" in response.text
    assert "_auth_user_id" not in client.session


def test_a_few_wrong_passwords_do_not_lock_out(client, editor):
    fail(client, reverse("login"), "editor", settings.AXES_FAILURE_LIMIT - 1)

    response = sign_in(client, reverse("login"), "editor")

    assert response.status_code == 302


def test_the_account_is_locked_from_every_address(client, editor):
    for number in range(settings.AXES_FAILURE_LIMIT):
        fail(client, reverse("login"), "editor", 1, address=f"10.0.1.{number}")

    response = sign_in(client, reverse("login"), "editor", address="10.0.2.1")

    assert response.status_code == 429


def test_an_address_guessing_many_accounts_is_locked_out(client, editor):
    for number in range(settings.AXES_FAILURE_LIMIT):
        fail(client, reverse("login"), f"nobody{number}", 1, address="10.0.3.1")

    response = sign_in(client, reverse("login"), "editor", address="10.0.3.1")

    assert response.status_code == 429


def test_forwarded_for_is_ignored_without_trusted_proxies(client, editor):
    for number in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": f"nobody{number}", "password": "wrong"},
            REMOTE_ADDR="10.0.4.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )

    response = sign_in(client, reverse("login"), "editor", address="10.0.4.1")

    assert response.status_code == 429


def test_a_moderator_unlocks_an_account_from_the_admin(client, editor, moderator_client):
    fail(client, reverse("login"), "editor", settings.AXES_FAILURE_LIMIT)

    response = moderator_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "unlock_sign_in", "_selected_action": [editor.pk]},
    )

    assert response.status_code == 302
    assert sign_in(Client(), reverse("login"), "editor", address="10.9.9.9").status_code == 302
    assert AccountEvent.objects.filter(account=editor, action="unlocked").exists()


def test_an_editor_cannot_unlock_anyone(editor, second_editor):
    with pytest.raises(PermissionDenied):
        services.user_unlock_sign_in(user=editor, target=second_editor)


def test_the_command_line_unlocks_an_account(client, editor):
    fail(client, reverse("login"), "editor", settings.AXES_FAILURE_LIMIT)

    call_command("axes_reset_username", "editor", stdout=None)

    assert sign_in(Client(), reverse("login"), "editor", address="10.9.9.8").status_code == 302
