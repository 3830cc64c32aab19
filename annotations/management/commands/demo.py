"""`manage.py demo`: migrate, load the demo corpus and accounts, and serve the app with its
background worker."""

import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from annotations.demo import DEMO_PASSWORD, load_demo
from annotations.models import Article


class Command(BaseCommand):
    help = (
        "Set up the database with the demo corpus and accounts, then start the server and "
        "the background worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--no-server", action="store_true", help="Load the data and exit without serving."
        )

    def handle(self, *args, addrport: str, no_server: bool, **options):
        call_command("migrate", interactive=False, verbosity=0)
        had_data = Article.objects.exists()
        summary = load_demo()
        self.stdout.write(
            f"Demo data: {summary.articles_created} articles, {summary.spans_created} claims and "
            f"{summary.verdicts_created} verdicts added"
            + (" (the data already there is kept)." if had_data else ".")
        )
        self.stdout.write(f"Accounts (password for each: {DEMO_PASSWORD}):")
        for username, role in summary.users:
            self.stdout.write(f"  {username:<8} {role}")
        if no_server:
            return
        self.stdout.write(self.style.SUCCESS(f"Open http://{addrport}/ and sign in."))
        # The worker runs what the app hands to the background (the statistics' figures,
        # webhook deliveries).
        worker = subprocess.Popen(
            [sys.executable, str(settings.BASE_DIR / "manage.py"), "db_worker"]
        )
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
