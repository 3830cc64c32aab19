"""`manage.py import_jsonl FILE`: load a JSONL export, every line or none of them."""

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from annotations.services.imports import ImportRejected, import_jsonl

# Enough to see what is wrong with a file without drowning the terminal.
PROBLEMS_SHOWN = 50


class Command(BaseCommand):
    help = (
        "Import a JSONL export (GET /api/exports/spans.jsonl): articles, spans, verdicts and "
        "evidence. Every line is checked first; on any problem nothing is stored. Unknown "
        "usernames become inactive accounts without a password."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .jsonl file, or - for standard input.")
        parser.add_argument(
            "--as", dest="username", help="The administrator the history records the import as."
        )

    def handle(self, *args, file: str, username: str | None, **options):
        imported_by = self._user(username) if username else None
        try:
            if file == "-":
                summary = import_jsonl(sys.stdin.buffer, imported_by=imported_by, source="stdin")
            else:
                with open(file, "rb") as lines:
                    summary = import_jsonl(lines, imported_by=imported_by, source=file)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        except ImportRejected as rejected:
            shown = [f"  {problem}" for problem in rejected.problems[:PROBLEMS_SHOWN]]
            hidden = len(rejected.problems) - len(shown)
            if hidden > 0:
                shown.append(f"  ... and {hidden} more")
            raise CommandError(
                "Nothing was imported; fix these lines and run again:\n" + "\n".join(shown)
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(summary.articles)} articles, {len(summary.spans)} spans, "
                f"{summary.verdicts} verdicts, {summary.evidence} evidence links and "
                f"{summary.publications} publications."
            )
        )
        if summary.new_users:
            self.stdout.write(
                "New inactive accounts (activate them in the admin to let them sign in): "
                + ", ".join(summary.new_users)
            )

    def _user(self, username: str):
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"There is no user {username!r}.") from None
