"""`manage.py set_role USERNAME editor|moderator|none`: give a user a role from the shell."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from annotations import roles, services

OUTCOMES = {
    roles.Role.EDITOR: "is now an editor",
    roles.Role.MODERATOR: "is now a moderator, with staff access to the admin",
    roles.Role.NONE: "now has no role",
}


class Command(BaseCommand):
    help = (
        "Make a user an editor, a moderator (staff access to the admin) or neither. "
        "Other groups the user belongs to are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=roles.Role.values)

    def handle(self, *args, username: str, role: str, **options):
        User = get_user_model()
        try:
            target = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user named “{username}”.") from None
        try:
            services.user_set_role(user=None, target=target, role=role)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"{username} {OUTCOMES[role]}."))
