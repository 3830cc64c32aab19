"""Records kept beside the claims: changes to accounts, bulk-import receipts, and the
statistics page's figures computed in the background."""

from django.conf import settings
from django.db import models


class AccountEvent(models.Model):
    """A change to someone's access: a role set, an API token issued or revoked, an unlock."""

    class Action(models.TextChoices):
        ROLE_SET = "role_set", "Role set"
        TOKEN_ISSUED = "token_issued", "API token issued"
        TOKEN_REVOKED = "token_revoked", "API token revoked"
        SIGN_IN_UNLOCKED = "unlocked", "Sign-in unlocked"

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account_events_made",
        help_text="Who did it; empty for the command line.",
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    detail = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["account", "at"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.account}"


class ImportReceipt(models.Model):
    """The answer to a bulk import sent with an Idempotency-Key: a retry gets it again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_receipts"
    )
    key = models.CharField(max_length=255)
    body_sha256 = models.CharField(max_length=64)
    result = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="unique_import_key_per_user")
        ]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"Import {self.key} by {self.user}"


class StatisticsSnapshot(models.Model):
    """The statistics page's figures for one period and source, computed in the background
    (annotations.snapshots): a page view reads one row instead of every verdict."""

    key = models.CharField(max_length=200, unique=True, help_text="The scope: period, source.")
    data = models.JSONField(null=True, help_text="Empty until first computed.")
    computed_at = models.DateTimeField(null=True, help_text="When the computation started.")
    requested_at = models.DateTimeField(help_text="When a computation was last asked for.")

    def __str__(self) -> str:
        return f"Statistics {self.key}"
