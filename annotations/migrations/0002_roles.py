"""Create the Editors and Moderators groups with the model permissions each role needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    "add_article",
    "view_article",
    "change_article",
    "add_span",
    "view_span",
    "change_span",
    "delete_span",
    "add_verdict",
    "view_verdict",
    "change_verdict",
    "delete_verdict",
    "add_evidence",
    "view_evidence",
    "change_evidence",
    "delete_evidence",
]
MODERATOR_MODELS = ["article", "span", "verdict", "evidence"]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    annotations = Permission.objects.filter(content_type__app_label="annotations")

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.set(annotations.filter(codename__in=EDITOR_PERMISSIONS))

    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderator_codenames = [
        f"{action}_{model}"
        for model in MODERATOR_MODELS
        for action in ("add", "change", "delete", "view")
    ] + [f"view_historical{model}" for model in MODERATOR_MODELS]
    moderators.permissions.set(annotations.filter(codename__in=moderator_codenames))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Moderators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
