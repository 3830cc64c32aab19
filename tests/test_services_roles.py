"""Assigning roles: groups and staff access change together, and only those allowed may do it."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from annotations import roles, services
from tests.factories import EditorFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _group_names(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_making_a_moderator_grants_staff_access(moderator, outsider):
    services.user_set_role(user=moderator, target=outsider, role=roles.Role.MODERATOR)

    outsider.refresh_from_db()
    assert _group_names(outsider) == {roles.MODERATORS}
    assert outsider.is_staff


def test_making_a_moderator_an_editor_removes_staff_access(moderator):
    colleague = ModeratorFactory(is_staff=True)

    services.user_set_role(user=moderator, target=colleague, role=roles.Role.EDITOR)

    colleague.refresh_from_db()
    assert _group_names(colleague) == {roles.EDITORS}
    assert not colleague.is_staff


def test_no_role_removes_both_groups_and_keeps_other_groups(moderator, editor):
    other = Group.objects.create(name="Newsletter")
    editor.groups.add(other)

    services.user_set_role(user=moderator, target=editor, role=roles.Role.NONE)

    editor.refresh_from_db()
    assert _group_names(editor) == {"Newsletter"}
    assert not editor.is_staff


def test_the_new_role_applies_to_the_same_user_object_at_once(moderator, outsider):
    assert not roles.is_editor(outsider)  # caches the user's groups

    services.user_set_role(user=moderator, target=outsider, role=roles.Role.EDITOR)

    assert roles.is_editor(outsider)


def test_command_line_assigns_without_an_acting_user(outsider):
    services.user_set_role(user=None, target=outsider, role=roles.Role.EDITOR)

    outsider.refresh_from_db()
    assert _group_names(outsider) == {roles.EDITORS}


def test_unknown_role_is_a_field_error(moderator, outsider):
    with pytest.raises(ValidationError) as error:
        services.user_set_role(user=moderator, target=outsider, role="admin")

    assert set(error.value.message_dict) == {"role"}
    outsider.refresh_from_db()
    assert _group_names(outsider) == set()


def test_moderator_cannot_change_their_own_role(moderator):
    with pytest.raises(PermissionDenied):
        services.user_set_role(user=moderator, target=moderator, role=roles.Role.NONE)

    moderator.refresh_from_db()
    assert _group_names(moderator) == {roles.MODERATORS}
    assert moderator.is_staff


def test_moderator_cannot_change_a_superuser(moderator):
    boss = UserFactory(is_superuser=True, is_staff=True)

    with pytest.raises(PermissionDenied):
        services.user_set_role(user=moderator, target=boss, role=roles.Role.EDITOR)

    assert _group_names(boss) == set()


def test_editor_cannot_assign_roles(editor, outsider):
    with pytest.raises(PermissionDenied):
        services.user_set_role(user=editor, target=outsider, role=roles.Role.MODERATOR)

    outsider.refresh_from_db()
    assert not outsider.is_staff


def test_superuser_role_cannot_be_set(outsider):
    boss = UserFactory(is_superuser=True, is_staff=True)

    with pytest.raises(ValidationError) as error:
        services.user_set_role(user=None, target=boss, role=roles.Role.NONE)

    assert set(error.value.message_dict) == {"role"}
    boss.refresh_from_db()
    assert boss.is_staff


def test_superuser_can_make_a_moderator():
    boss = UserFactory(is_superuser=True, is_staff=True)
    newcomer = EditorFactory()

    services.user_set_role(user=boss, target=newcomer, role=roles.Role.MODERATOR)

    newcomer.refresh_from_db()
    assert _group_names(newcomer) == {roles.MODERATORS}
    assert newcomer.is_staff


@pytest.mark.parametrize(
    ("groups", "expected"),
    [
        ([], roles.Role.NONE),
        ([roles.EDITORS], roles.Role.EDITOR),
        ([roles.MODERATORS], roles.Role.MODERATOR),
        ([roles.EDITORS, roles.MODERATORS], roles.Role.MODERATOR),
    ],
)
def test_role_of_names_the_strongest_role(groups, expected):
    user = UserFactory()
    user.groups.set(Group.objects.filter(name__in=groups))

    assert roles.role_of(user) == expected
