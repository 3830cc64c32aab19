"""Who reaches the admin, and what moderators may not do to accounts and permissions."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from annotations import roles
from tests.factories import EditorFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


def _user_url(user) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


def _role(user) -> roles.Role:
    """The role as stored now (a user object caches its groups)."""
    return roles.role_of(get_user_model().objects.get(pk=user.pk))


def _change_form_data(user, **changes) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "role": roles.role_of(user),
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    data.update(changes)
    return data


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def superuser_client(superuser) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


@pytest.mark.parametrize(
    "url_name",
    ["admin:index", "admin:annotations_queuedspan_changelist", "admin:auth_user_changelist"],
)
def test_editors_are_sent_to_the_admin_login(editor_client, url_name):
    response = editor_client.get(reverse(url_name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_people_without_a_role_are_sent_to_the_admin_login(outsider):
    client = Client()
    client.force_login(outsider)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_moderators_reach_the_admin(moderator_client):
    response = moderator_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "Moderation queue" in response.content.decode()


def test_moderators_do_not_see_superusers(moderator_client, superuser, editor):
    response = moderator_client.get(reverse("admin:auth_user_changelist"))

    listed = {user.username for user in response.context["cl"].result_list}
    assert editor.username in listed
    assert superuser.username not in listed


def test_moderator_cannot_open_or_change_a_superuser(moderator_client, superuser):
    page = moderator_client.get(_user_url(superuser))
    post = moderator_client.post(
        _user_url(superuser), _change_form_data(superuser, email="taken@example.org")
    )
    password = moderator_client.post(
        reverse("admin:auth_user_password_change", args=[superuser.pk]),
        {"password1": "a-new-secret-42", "password2": "a-new-secret-42"},
    )

    assert page.status_code == 302
    assert post.status_code == 302
    assert password.status_code == 404
    superuser.refresh_from_db()
    assert superuser.email == "root@example.org"
    assert superuser.check_password("correct horse battery staple")


def test_moderator_cannot_grant_superuser_or_staff_or_permissions(moderator_client, editor):
    delete_users = Permission.objects.get(codename="delete_user")

    response = moderator_client.post(
        _user_url(editor),
        _change_form_data(
            editor,
            is_superuser="on",
            is_staff="on",
            user_permissions=[delete_users.pk],
            groups=[Group.objects.get(name=roles.MODERATORS).pk],
        ),
    )

    assert response.status_code == 302
    editor.refresh_from_db()
    assert not editor.is_superuser
    assert not editor.is_staff
    assert not editor.user_permissions.exists()
    assert _role(editor) == roles.Role.EDITOR


def test_moderator_form_has_no_permission_fields(moderator_client, editor):
    response = moderator_client.get(_user_url(editor))

    fields = set(response.context["adminform"].form.fields)
    assert {"is_superuser", "is_staff", "groups", "user_permissions"}.isdisjoint(fields)
    assert "role" in fields


def test_moderator_cannot_change_their_own_role(moderator, moderator_client):
    page = moderator_client.get(_user_url(moderator))
    assert "role" not in page.context["adminform"].form.fields
    assert "Another moderator can change your role" in page.content.decode()

    moderator_client.post(_user_url(moderator), _change_form_data(moderator, role="none"))

    moderator.refresh_from_db()
    assert _role(moderator) == roles.Role.MODERATOR
    assert moderator.is_staff


def test_moderator_cannot_deactivate_themselves(moderator, moderator_client):
    data = _change_form_data(moderator)
    del data["is_active"]

    moderator_client.post(_user_url(moderator), data)

    moderator.refresh_from_db()
    assert moderator.is_active


def test_moderator_makes_an_editor_a_moderator_on_the_user_page(moderator_client, editor):
    response = moderator_client.post(
        _user_url(editor), _change_form_data(editor, role="moderator")
    )

    assert response.status_code == 302
    editor.refresh_from_db()
    assert _role(editor) == roles.Role.MODERATOR
    assert editor.is_staff


def test_moderator_adds_an_editor_who_is_neither_staff_nor_superuser(moderator_client):
    response = moderator_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "carol",
            "usable_password": "true",
            "password1": "a-long-passphrase-42",
            "password2": "a-long-passphrase-42",
            "role": "editor",
            "is_superuser": "on",
            "is_staff": "on",
        },
    )

    assert response.status_code == 302
    carol = get_user_model().objects.get(username="carol")
    assert _role(carol) == roles.Role.EDITOR
    assert not carol.is_staff
    assert not carol.is_superuser


def test_role_actions_set_the_role_of_each_selected_user(moderator_client, editor):
    other = EditorFactory()

    response = moderator_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "make_moderator", "_selected_action": [editor.pk, other.pk]},
    )

    assert response.status_code == 302
    for user in (editor, other):
        user.refresh_from_db()
        assert _role(user) == roles.Role.MODERATOR
        assert user.is_staff


def test_role_action_skips_the_moderator_themselves(moderator, moderator_client, editor):
    response = moderator_client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "make_none", "_selected_action": [moderator.pk, editor.pk]},
        follow=True,
    )

    messages = [str(message) for message in response.context["messages"]]
    assert any(message.startswith("moderator:") for message in messages)
    moderator.refresh_from_db()
    editor.refresh_from_db()
    assert _role(moderator) == roles.Role.MODERATOR
    assert _role(editor) == roles.Role.NONE


def test_role_action_is_refused_to_staff_without_the_moderator_role(editor):
    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(
        Permission.objects.get(codename="view_user"),
        Permission.objects.get(codename="change_user"),
    )
    client = Client()
    client.force_login(clerk)

    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "make_moderator", "_selected_action": [editor.pk]},
    )

    assert response.status_code == 200
    assert response.context["action_form"] is None
    editor.refresh_from_db()
    assert _role(editor) == roles.Role.EDITOR
    assert not editor.is_staff


def test_moderators_cannot_edit_groups_or_delete_users(moderator_client, editor):
    groups = moderator_client.get(reverse("admin:auth_group_changelist"))
    delete = moderator_client.post(
        reverse("admin:auth_user_delete", args=[editor.pk]), {"post": "yes"}
    )

    assert groups.status_code == 403
    assert delete.status_code == 403
    assert type(editor).objects.filter(pk=editor.pk).exists()


def test_superuser_sees_superusers_and_permission_fields(superuser_client, superuser):
    response = superuser_client.get(_user_url(ModeratorFactory()))

    fields = set(response.context["adminform"].form.fields)
    assert {"is_superuser", "is_staff", "groups", "user_permissions", "role"} <= fields
    listed = superuser_client.get(reverse("admin:auth_user_changelist")).context["cl"]
    assert superuser in listed.result_list


def test_superuser_role_field_wins_over_the_groups_field(superuser_client, editor):
    response = superuser_client.post(
        _user_url(editor),
        _change_form_data(
            editor, role="moderator", groups=[Group.objects.get(name=roles.EDITORS).pk]
        ),
    )

    assert response.status_code == 302
    editor.refresh_from_db()
    assert _role(editor) == roles.Role.MODERATOR
    assert editor.is_staff
