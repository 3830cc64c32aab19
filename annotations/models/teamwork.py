"""Working as a desk: articles assigned to reviewers, discussion on a claim, and the log of
changes that live updates and webhooks read (with the webhook endpoints and deliveries)."""

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from annotations.models.claims import Article, Span

COMMENT_MAX_LENGTH = 10_000


class Assignment(models.Model):
    """An article given to a reviewer by a moderator, perhaps by a date."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments_made",
    )
    due = models.DateField(null=True, blank=True, help_text="When it should be done, if ever.")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["article_id", "reviewer_id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "reviewer"], name="unique_assignment")
        ]
        indexes = [models.Index(fields=["reviewer", "created_at"])]

    def __str__(self) -> str:
        return f"{self.article} → {self.reviewer}"


class Comment(models.Model):
    """A message in a claim's discussion; `@username` mentions reach those people's My work."""

    span = models.ForeignKey(Span, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    text = models.TextField(validators=[MaxLengthValidator(COMMENT_MAX_LENGTH)])
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="mentioned_in", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[mentions])

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["span", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=~models.Q(text=""), name="comment_text_not_empty")
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 60 else f"{self.text[:59]}…"


class ChangeQuerySet(models.QuerySet):
    def version_of(self, article_id: int) -> int | None:
        """The id of the article's latest change (0 for none; None when there is no such
        article): it grows with every change, so a page that knows it can ask what came after.
        One query, which also tells a missing article from one never changed."""
        latest = self.filter(article_id=OuterRef("pk")).order_by("-id").values("id")[:1]
        return (
            Article.objects.filter(pk=article_id)
            .values_list(Coalesce(Subquery(latest), 0), flat=True)
            .first()
        )


class Change(models.Model):
    """Something that happened to an article's claims, recorded in the same transaction as
    the change itself: the reader's live updates ask for changes since the last they saw,
    and each is delivered to the webhooks that subscribe to its kind."""

    class Kind(models.TextChoices):
        CLAIM_CREATED = "claim.created", "Claim created"
        CLAIM_CHANGED = "claim.changed", "Claim restated"
        CLAIM_DELETED = "claim.deleted", "Claim deleted"
        VERDICT_SAVED = "verdict.saved", "Verdict saved"
        VERDICT_DELETED = "verdict.deleted", "Verdict withdrawn"
        CLAIM_SETTLED = "claim.settled", "Claim settled (or reopened, rejected)"
        CLAIM_PUBLISHED = "claim.published", "Claim published (or unpublished)"
        COMMENT_CREATED = "comment.created", "Comment written"
        COMMENT_CHANGED = "comment.changed", "Comment edited or deleted"
        CLAIM_LINKED = "claim.linked", "Claims linked across articles (or their relation changed)"
        CLAIM_UNLINKED = "claim.unlinked", "Claims unlinked"
        REVIEWERS_CHANGED = "reviewers.changed", "Reviewers assigned, unassigned or needed"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    # Looked up through change_article_idx (article, id), which the live check reads.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="changes", db_index=False
    )
    # Not a foreign key: the change outlives a deleted claim.
    span_id = models.BigIntegerField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes_made",
    )
    # The object in its API representation, as webhooks send it.
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    objects = ChangeQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["article", "id"], name="change_article_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%Y-%m-%d %H:%M})"


class WebhookEndpoint(models.Model):
    """Where a newsroom's other systems hear about changes: a URL, the kinds it wants, and
    the secret its deliveries are signed with (HMAC-SHA256)."""

    url = models.URLField(max_length=2000)
    events = models.JSONField(default=list, help_text="The kinds of change it receives.")
    secret = models.CharField(max_length=200)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="webhook_endpoints",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["secret"])

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One change sent to one endpoint, with its attempts: retried with growing pauses."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed (gave up)"

    change = models.ForeignKey(Change, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0, validators=[MinValueValidator(0)])
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_response_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(fields=["change", "endpoint"], name="unique_delivery")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.change} → {self.endpoint}"
