"""Articles, the claims (spans) highlighted in them, and reviewers' verdicts with evidence."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from simple_history.models import HistoricalRecords

from annotations.models.labels import Consensus, Label, consensus_of
from annotations.text import text_direction

# Code points; a long feature article is ~50,000, so this only stops accidents and abuse.
MAX_TEXT_LENGTH = 2_000_000


def check_range(text: str, start: int, end: int, quote: str | None = None) -> None:
    """The rule every live span keeps: `0 <= start < end <= len(text)` and, when a quote is
    given, `quote == text[start:end]`. Raises ValidationError naming the wrong field.

    Offsets count the code points of the stored (normalised) text.
    """
    if start < 0:
        raise ValidationError({"start": "Must be 0 or more."})
    if end > len(text):
        raise ValidationError({"end": f"Must be at most {len(text)}, the length of the text."})
    if end <= start:
        raise ValidationError({"end": "Must be greater than start."})
    if quote is not None and text[start:end] != quote:
        raise ValidationError({"quote": "Does not match the article's text at these offsets."})


def reviewers_needed_default() -> int:
    """New articles need as many reviewers as the FACTCHECK_REVIEWERS_NEEDED setting says."""
    return settings.FACTCHECK_REVIEWERS_NEEDED


def blind_review_default() -> bool:
    """New articles start under blind review when the FACTCHECK_BLIND_REVIEW setting says so."""
    return settings.FACTCHECK_BLIND_REVIEW


class ArticleQuerySet(models.QuerySet):
    def with_progress(self, sealed: Q | None = None) -> "ArticleQuerySet":
        """Annotate claim and verdict counts by label (one query for any number of articles).

        Verdicts on the claims that `sealed` selects (`blind.sealed_q` from articles) are
        counted as `hidden_count`, not by label.
        """
        sealed = sealed or Q(pk__in=[])
        return self.annotate(
            span_count=Count("spans", distinct=True),
            hidden_count=Count("spans__verdicts", filter=sealed),
            **{
                f"{label}_count": Count(
                    "spans__verdicts", filter=Q(spans__verdicts__label=label) & ~sealed
                )
                for label in Label.values
            },
        )


class Article(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=300)
    source = models.CharField(max_length=200, blank=True, help_text="Outlet name.")
    url = models.URLField(max_length=2000, blank=True)
    byline = models.CharField(max_length=300, blank=True)
    published = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=16, default="en")
    text = models.TextField(help_text="Canonical plain text; span offsets count its code points.")
    text_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    revision = models.PositiveIntegerField(default=1, editable=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    reviewers_needed = models.PositiveSmallIntegerField(
        default=reviewers_needed_default,
        help_text="How many reviewers should judge its claims.",
    )
    blind_review = models.BooleanField(
        default=blind_review_default,
        help_text="Editors see colleagues' verdicts on a claim only after giving their own.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles_created",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["open", "closed"]), name="article_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(text="") & Q(LessThanOrEqual(Length("text"), MAX_TEXT_LENGTH)),
                name="article_text_length_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["source"]),
            models.Index(fields=["status"]),
            # Cursor pagination and "newest first" lists walk this order.
            models.Index(fields=["created_at", "id"], name="article_created_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def direction(self) -> str:
        """The direction its text is written in: "rtl" (Arabic, Hebrew, ...) or "ltr"."""
        return text_direction(self.language)


def span_lists() -> list[Prefetch]:
    """A span's `highlighter_list` and `verdict_list` (each verdict with its `evidence_list`):
    for `SpanQuerySet.with_verdicts`, and for prefetch_related_objects on a span in hand."""
    verdicts = Verdict.objects.with_evidence().order_by("created_at", "id")
    highlighters = get_user_model().objects.defer(*PERSON_FIELDS_UNREAD).order_by("username")
    return [
        Prefetch("highlighters", queryset=highlighters, to_attr="highlighter_list"),
        Prefetch("verdicts", queryset=verdicts, to_attr="verdict_list"),
    ]


class SpanQuerySet(models.QuerySet):
    def with_verdicts(self) -> "SpanQuerySet":
        """Spans with everything a claim panel or an API row shows, in a fixed number of queries.

        Each span gets its publication if any, `highlighter_list` (by username) and
        `verdict_list` (oldest first, the reviewer joined), each verdict its `evidence_list`,
        and `article_blind_review`, which
        with the verdicts tells `blind.is_sealed` what the viewer may see. Plain lists
        (`to_attr`) rather than prefetched managers: a page of hundreds of verdicts then builds
        no manager per row.
        """
        return (
            self.select_related("created_by", "moderated_by", "publication")
            .defer(*unread_person_fields("created_by"), *unread_person_fields("moderated_by"))
            .annotate(article_blind_review=F("article__blind_review"))
            .prefetch_related(*span_lists())
        )

    def with_label_counts(self) -> "SpanQuerySet":
        return self.annotate(
            verdict_count=Count("verdicts"),
            **{
                f"{label}_count": Count("verdicts", filter=Q(verdicts__label=label))
                for label in Label.values
            },
        )

    def needing_decision(self) -> "SpanQuerySet":
        return self.filter(state=Span.State.PENDING, is_orphaned=False)


class Span(models.Model):
    """One highlighted claim: a range of an article's text, in code points."""

    CONTEXT_WIDTH = 32

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    # Looked up through the (article, start) index: one of its own would only cost writes.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="spans", db_index=False
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    prefix = models.TextField(blank=True)
    suffix = models.TextField(blank=True)
    claim = models.TextField(
        blank=True, validators=[MaxLengthValidator(2000)], help_text="The claim restated."
    )
    speaker = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spans_created",
    )
    highlighters = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="spans_highlighted",
        blank=True,
        help_text="Everyone who highlighted this range (a second editor joins the span).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_orphaned = models.BooleanField(
        default=False, help_text="Could not be found again after the article's text changed."
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    final_label = models.CharField(
        max_length=16, choices=Label.choices, blank=True, help_text="Settled by a moderator."
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spans_moderated",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_note = models.TextField(blank=True, validators=[MaxLengthValidator(2000)])

    history = HistoricalRecords(
        excluded_fields=["prefix", "suffix"], no_db_index=["article", "created_by", "moderated_by"]
    )
    objects = SpanQuerySet.as_manager()

    class Meta:
        ordering = ["article_id", "start", "-end", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="span_end_after_start"),
            # quote == text[start:end] needs the article's text; its length is checkable here.
            models.CheckConstraint(
                condition=Q(end=F("start") + Length("quote")), name="span_quote_length_matches"
            ),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "approved", "rejected"]),
                name="span_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(final_label__in=["", *Label.values]), name="span_final_label_valid"
            ),
            models.UniqueConstraint(
                fields=["article", "start", "end"],
                condition=Q(is_orphaned=False),
                name="unique_span_range",
            ),
        ]
        indexes = [
            models.Index(fields=["article", "start"]),
            models.Index(fields=["state", "created_at"]),
            models.Index(fields=["final_label"]),
            models.Index(fields=["created_at", "id"], name="span_created_idx"),
        ]

    def __str__(self) -> str:
        return self.quote if len(self.quote) <= 60 else f"{self.quote[:59]}…"

    def clean(self) -> None:
        if not self.is_orphaned:
            check_range(self.article.text, self.start, self.end, self.quote)

    def loaded_verdicts(self) -> list["Verdict"]:
        """The verdicts `SpanQuerySet.with_verdicts` loaded, or else read now."""
        if hasattr(self, "verdict_list"):
            return self.verdict_list
        return list(self.verdicts.order_by("created_at", "id"))

    def loaded_highlighters(self) -> list:
        """The highlighters `SpanQuerySet.with_verdicts` loaded, or else read now."""
        if hasattr(self, "highlighter_list"):
            return self.highlighter_list
        return list(self.highlighters.order_by("username"))

    @property
    def current_publication(self):
        """Its Publication (published or a draft), or None.

        Only a settled claim has one to show (drafting and publishing need a final verdict,
        and a published claim cannot be reopened), so an unsettled span reads nothing; a
        settled one comes with it from `with_verdicts` and `reading.span_to_change`.
        """
        if not self.final_label:
            return None
        try:
            return self.publication
        except ObjectDoesNotExist:
            return None

    def is_published(self) -> bool:
        publication = self.current_publication
        return publication is not None and publication.published_at is not None

    @property
    def consensus(self) -> Consensus:
        return consensus_of(verdict.label for verdict in self.loaded_verdicts())

    @property
    def display_state(self) -> str:
        """The final verdict once a moderator settled it, otherwise the reviewers' consensus."""
        return self.final_label or self.consensus


class QueuedSpan(Span):
    """The moderation queue: spans awaiting a decision, with an admin list and permission."""

    class Meta:
        proxy = True
        verbose_name = "claim awaiting a decision"
        verbose_name_plural = "moderation queue"


# What lists of claims show of the people in them; the rest of a user row (password hash,
# dates, flags) is left unread: a page of 100 claims holds about 400 people.
PERSON_FIELDS_UNREAD = ("password", "last_login", "email", "date_joined")


def unread_person_fields(relation: str) -> list[str]:
    return [f"{relation}__{name}" for name in PERSON_FIELDS_UNREAD]


class VerdictQuerySet(models.QuerySet):
    def with_evidence(self) -> "VerdictQuerySet":
        """Verdicts with their reviewer and `evidence_list` (by id), in two queries."""
        evidence = Prefetch(
            "evidence", queryset=Evidence.objects.order_by("id"), to_attr="evidence_list"
        )
        return (
            self.select_related("reviewer")
            .defer(*unread_person_fields("reviewer"))
            .prefetch_related(evidence)
        )


class Verdict(models.Model):
    """One reviewer's judgement of one span."""

    # Looked up through the one-verdict-per-reviewer index, which (span, reviewer) leads.
    span = models.ForeignKey(
        Span, on_delete=models.CASCADE, related_name="verdicts", db_index=False
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts"
    )
    label = models.CharField(max_length=16, choices=Label.choices)
    rationale = models.TextField(blank=True, validators=[MaxLengthValidator(10_000)])
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every change (ETag).")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # History rows are read by the verdict they record (`id`), by date and by author.
    history = HistoricalRecords(no_db_index=["span", "reviewer"])
    objects = VerdictQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["span", "reviewer"], name="unique_verdict_per_reviewer"
            ),
            models.CheckConstraint(
                condition=Q(label__in=Label.values), name="verdict_label_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["label"]),
            models.Index(fields=["created_at", "id"], name="verdict_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_label_display()} by {self.reviewer}"

    def loaded_evidence(self) -> list["Evidence"]:
        """The evidence `SpanQuerySet.with_verdicts` loaded, or else read now."""
        if hasattr(self, "evidence_list"):
            return self.evidence_list
        return list(self.evidence.order_by("id"))


class Evidence(models.Model):
    """A source a reviewer cites for their verdict."""

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True, validators=[MaxLengthValidator(2000)])
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(no_db_index=["verdict"])

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.title or self.url
