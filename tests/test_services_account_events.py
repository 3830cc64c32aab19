"""Changes to someone's access are recorded: roles set, API tokens issued and revoked."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from annotations import services
from annotations.models import AccountEvent

pytestmark = pytest.mark.django_db


def test_a_role_change_records_who_set_which_role(moderator, editor):
    services.user_set_role(user=moderator, target=editor, role="moderator")

    event = AccountEvent.objects.get(account=editor)
    assert (event.action, event.detail, event.actor) == ("role_set", "moderator", moderator)


def test_a_role_set_from_the_command_line_has_no_actor(editor):
    call_command("set_role", "editor", "none")

    event = AccountEvent.objects.get(account=editor)
    assert (event.action, event.detail, event.actor) == ("role_set", "none", None)


def test_issuing_a_token_records_the_person_who_asked(editor):
    services.api_token_regenerate(user=editor)

    event = AccountEvent.objects.get(account=editor)
    assert (event.action, event.actor) == ("token_issued", editor)


def test_revoking_a_token_records_it(editor):
    services.api_token_regenerate(user=editor)

    services.api_token_revoke(user=editor)

    assert AccountEvent.objects.filter(account=editor, action="token_revoked").count() == 1


def test_revoking_when_there_is_no_token_records_nothing(editor):
    services.api_token_revoke(user=editor)

    assert not AccountEvent.objects.exists()


def test_a_token_issued_by_the_command_has_no_actor(editor):
    call_command("api_token", "editor", stdout=None)

    event = AccountEvent.objects.get(account=editor)
    assert (event.action, event.actor) == ("token_issued", None)


def test_the_admin_user_page_shows_the_account_history(moderator, moderator_client, editor):
    services.user_set_role(user=moderator, target=editor, role="editor")
    services.api_token_regenerate(user=editor)

    response = moderator_client.get(reverse("admin:auth_user_change", args=[editor.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Account history" in page
    assert "API token issued" in page
    assert "Role set" in page
