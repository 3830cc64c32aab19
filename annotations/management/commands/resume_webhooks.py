"""`manage.py resume_webhooks`: attempt again the webhook deliveries that stalled (a worker
died mid-attempt, or the task was never queued). Each delivery the worker makes does this
too; run it from cron (every few minutes) where deliveries are rare."""

from django.core.management.base import BaseCommand

from annotations.services.webhooks import webhook_deliveries_resume


class Command(BaseCommand):
    help = "Attempt again the webhook deliveries that stalled."

    def handle(self, *args, **options):
        resumed = webhook_deliveries_resume()
        plural = "delivery" if resumed == 1 else "deliveries"
        self.stdout.write(self.style.SUCCESS(f"{resumed:,} stalled webhook {plural} resumed."))
