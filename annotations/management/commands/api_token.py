"""`manage.py api_token USERNAME`: issue (or with --revoke, revoke) a user's API token."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from annotations import services


class Command(BaseCommand):
    help = (
        "Print a new API token for a user (their old token stops working), "
        "or revoke it with --revoke."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--revoke", action="store_true", help="Revoke the user's token instead."
        )

    def handle(self, *args, username: str, revoke: bool, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"There is no user {username!r}.") from None
        if revoke:
            services.api_token_revoke(user=user, from_command_line=True)
            self.stderr.write(f"Revoked the API token of {username}.")
            return
        try:
            token = services.api_token_regenerate(user=user, from_command_line=True)
        except PermissionDenied:
            raise CommandError(f"{username} is inactive: activate the account first.") from None
        # The token alone on stdout, so a script can capture it: TOKEN=$(... api_token alice)
        self.stdout.write(token.key)
