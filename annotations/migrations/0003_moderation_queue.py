"""The moderation queue (a proxy of Span) and what moderators need in the admin.

Moderators see the queue, and manage accounts: they add users and change other people's
roles (never their own nor a superuser's: the admin and services.user_set_role refuse).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_EXTRA_PERMISSIONS = [
    ("annotations", "view_queuedspan"),
    ("auth", "add_user"),
    ("auth", "change_user"),
    ("auth", "view_user"),
]


def _moderator_permissions(apps):
    # Permissions are normally created after all migrations; the proxy's are needed now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    moderators = apps.get_model("auth", "Group").objects.get(name="Moderators")
    permissions = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in MODERATOR_EXTRA_PERMISSIONS
    ]
    return moderators, permissions


def grant(apps, schema_editor):
    moderators, permissions = _moderator_permissions(apps)
    moderators.permissions.add(*permissions)


def revoke(apps, schema_editor):
    moderators, permissions = _moderator_permissions(apps)
    moderators.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0002_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="QueuedSpan",
            fields=[],
            options={
                "verbose_name": "claim awaiting a decision",
                "verbose_name_plural": "moderation queue",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("annotations.span",),
        ),
        migrations.RunPython(grant, revoke),
    ]
