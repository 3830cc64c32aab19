"""Fact checks published for the public: a settled claim's explanation, the evidence shown
with it, and when it went out. The public pages, feed, sitemap and ClaimReview read these."""

import re

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from annotations.models.claims import Span

SLUG_LENGTH = 60
# Google shows at most this many characters of claimReviewed in its results.
CLAIM_REVIEWED_SHOWN = 75


def claim_reviewed_warning(claim: str) -> str:
    """What a moderator is told before publishing a restated claim search engines would cut
    ("" when it fits): the panel shows it, and the API's publish answers carry it."""
    if len(claim) <= CLAIM_REVIEWED_SHOWN:
        return ""
    return (
        f"The restated claim has {len(claim)} characters; search engines show about "
        f"{CLAIM_REVIEWED_SHOWN}. A shorter one reads better in results."
    )


def slug_for(text: str) -> str:
    """A readable address part from the restated claim, cut at a word: "us-spent-2-1-trillion"."""
    # "4.2" must not read "42": a decimal point or thousands comma becomes a hyphen.
    slug = slugify(re.sub(r"(?<=\d)[.,](?=\d)", "-", text))
    if len(slug) > SLUG_LENGTH:
        slug = slug[: SLUG_LENGTH + 1].rsplit("-", 1)[0]
    return slug or "fact-check"


class PublicationQuerySet(models.QuerySet):
    def live(self) -> "PublicationQuerySet":
        """Published and not taken down again."""
        return self.filter(published_at__isnull=False)

    def with_claims(self) -> "PublicationQuerySet":
        """With each one's claim and article (joined: one query), without the article's text."""
        return self.select_related("span__article").defer("span__article__text")

    def with_modified_at(self) -> "PublicationQuerySet":
        """`modified_at`: the last change to anything the public page shows (the
        publication, the claim or the article), computed in the query."""
        return self.annotate(
            modified_at=Greatest("updated_at", "span__updated_at", "span__article__updated_at")
        )

    def for_public_page(self) -> "PublicationQuerySet":
        """With the claim and its article (one query), and `modified_at`."""
        return self.select_related("span__article").with_modified_at()


class Publication(models.Model):
    """A moderator's publication of a settled claim. It stays (with its explanation and
    address) when unpublished, so publishing again restores the same page."""

    span = models.OneToOneField(Span, on_delete=models.CASCADE, related_name="publication")
    explanation = models.TextField(
        blank=True,
        validators=[MaxLengthValidator(10_000)],
        help_text="Why the claim got its rating, written for the public (the review body).",
    )
    evidence = models.JSONField(
        default=list,
        blank=True,
        help_text="The evidence links shown with it: a list of {url, title}.",
    )
    slug = models.SlugField(
        max_length=SLUG_LENGTH + 10, help_text="The readable part of its address."
    )
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When it went out; empty while not published."
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="publications",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = "public fact check"
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["published_at"], name="publication_published_idx")]

    def __str__(self) -> str:
        return str(self.span)

    def get_absolute_url(self) -> str:
        return reverse("annotations:check-detail", args=[self.span_id, self.slug])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def review_row(self, url: str) -> dict:
        """What its ClaimReview says (`linked_data.claim_review`), loaded as `for_public_page`
        loads it; `url` is its public page's absolute address."""
        span, article = self.span, self.span.article
        return {
            "url": url,
            "claim": span.claim,
            "speaker": span.speaker,
            "final_label": span.final_label,
            "explanation": self.explanation,
            "published": self.published_at,
            "modified": self.modified_at,
            "article_title": article.title,
            "article_url": article.url,
            "article_source": article.source,
            "article_published": article.published,
        }


def new_publication(span: Span) -> Publication:
    return Publication(span=span, slug=slug_for(span.claim or span.quote))
