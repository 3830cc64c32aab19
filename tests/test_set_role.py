"""`manage.py set_role USERNAME ROLE`: assign editor, moderator or no role from the shell."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from annotations import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _set_role(*args: str) -> str:
    out = StringIO()
    call_command("set_role", *args, stdout=out)
    return out.getvalue()


def test_makes_a_user_a_moderator_with_staff_access(outsider):
    output = _set_role("outsider", "moderator")

    outsider.refresh_from_db()
    assert roles.role_of(outsider) == roles.Role.MODERATOR
    assert outsider.is_staff
    assert "outsider is now a moderator" in output


def test_makes_a_moderator_an_editor_without_staff_access(moderator):
    output = _set_role("moderator", "editor")

    moderator.refresh_from_db()
    assert roles.role_of(moderator) == roles.Role.EDITOR
    assert not moderator.is_staff
    assert "moderator is now an editor" in output


def test_none_removes_the_role(editor):
    output = _set_role("editor", "none")

    editor.refresh_from_db()
    assert roles.role_of(editor) == roles.Role.NONE
    assert "editor now has no role" in output


def test_unknown_user_is_an_error_naming_it():
    with pytest.raises(CommandError, match="No user named “nobody”"):
        _set_role("nobody", "editor")


def test_unknown_role_is_refused_by_the_parser(outsider):
    with pytest.raises(CommandError, match="invalid choice"):
        _set_role("outsider", "admin")

    outsider.refresh_from_db()
    assert roles.role_of(outsider) == roles.Role.NONE


def test_superuser_is_refused_with_the_reason():
    boss = UserFactory(username="boss", is_superuser=True, is_staff=True)

    with pytest.raises(CommandError, match="superuser"):
        _set_role("boss", "none")

    boss.refresh_from_db()
    assert boss.is_staff
