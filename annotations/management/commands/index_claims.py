"""`manage.py index_claims [--all]`: index the claims that have no index entry (or a vector of
another model), or every claim: what search and "Seen before" find them by. Run it once after
upgrading to the claim memory, or after changing the model; the background worker keeps the
index up to date afterwards."""

from django.core.management.base import BaseCommand
from django.db.models import Q

from annotations import claim_index, embedding
from annotations.models import Span

BATCH = 64


class Command(BaseCommand):
    help = "Index claims for search and “Seen before” (those not indexed yet, or --all)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Index every claim again.")

    def handle(self, *args, all: bool, **options):
        spans = Span.objects.order_by("pk")
        if not all:
            spans = spans.filter(Q(memory__isnull=True) | ~Q(vector__model=embedding.MODEL))
        ids = list(spans.values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            claim_index.index(ids[start : start + BATCH])
            self.stdout.write(f"{min(start + BATCH, len(ids)):,} of {len(ids):,} claims indexed")
        self.stdout.write(self.style.SUCCESS(f"{len(ids):,} claim(s) indexed."))
