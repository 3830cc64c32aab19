"""The Editors and Moderators groups hold exactly the permissions each role needs."""

import importlib

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from annotations import roles

pytestmark = pytest.mark.django_db

MODELS = ["article", "span", "verdict", "evidence"]
EDITOR_PERMISSIONS = {
    "annotations.add_article",
    "annotations.view_article",
    "annotations.change_article",
    *(
        f"annotations.{action}_{model}"
        for model in ["span", "verdict", "evidence"]
        for action in ("add", "view", "change", "delete")
    ),
}
MODERATOR_MODEL_PERMISSIONS = {
    *(
        f"annotations.{action}_{model}"
        for model in MODELS
        for action in ("add", "view", "change", "delete")
    ),
    *(f"annotations.view_historical{model}" for model in MODELS),
}
MODERATOR_ADMIN_PERMISSIONS = {
    "annotations.view_queuedspan",
    "auth.add_user",
    "auth.change_user",
    "auth.view_user",
}


def _permissions(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_editors_may_annotate_but_not_moderate_nor_manage_users():
    assert _permissions(roles.EDITORS) == EDITOR_PERMISSIONS


def test_moderators_may_change_everything_see_the_queue_and_manage_users():
    assert _permissions(roles.MODERATORS) == (
        MODERATOR_MODEL_PERMISSIONS | MODERATOR_ADMIN_PERMISSIONS
    )


def test_moderators_cannot_delete_users_nor_edit_groups_or_permissions():
    granted = _permissions(roles.MODERATORS)

    forbidden = {
        "auth.delete_user",
        "auth.add_group",
        "auth.change_group",
        "auth.change_permission",
    }
    assert not forbidden & granted


def test_reversing_0003_takes_back_only_what_it_granted():
    migration = importlib.import_module("annotations.migrations.0003_moderation_queue")
    state_apps = (
        MigrationLoader(connection).project_state(("annotations", "0003_moderation_queue")).apps
    )

    migration.revoke(state_apps, None)
    assert _permissions(roles.MODERATORS) == MODERATOR_MODEL_PERMISSIONS

    migration.grant(state_apps, None)
    assert _permissions(roles.MODERATORS) == (
        MODERATOR_MODEL_PERMISSIONS | MODERATOR_ADMIN_PERMISSIONS
    )
