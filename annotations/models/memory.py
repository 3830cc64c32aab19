"""Claim memory: what each claim is found by (its words, and their meaning as a vector), and
the links reviewers confirm between claims in different articles."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from simple_history.models import HistoricalRecords

from annotations.models.claims import Article, Span


class ClaimIndex(models.Model):
    """A claim as search finds it, kept up to date in the background
    (`claim_index.index_claims`) after every change to the claim or its verdicts.

    `words` (quote, restated claim, speaker) are searched for everyone; `rationales` only
    where the viewer may see the verdicts (blind review). On PostgreSQL `words_search` and
    `rationales_search` hold them parsed in the article's language (`config`), under GIN
    indexes; SQLite leaves them empty and matches the text itself.
    """

    span = models.OneToOneField(
        Span, on_delete=models.CASCADE, primary_key=True, related_name="memory"
    )
    # The claim's article, so that "other articles" needs no join.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    words = models.TextField(blank=True)
    rationales = models.TextField(blank=True)
    config = models.CharField(
        max_length=32, default="simple", help_text="PostgreSQL text search configuration."
    )
    words_search = SearchVectorField(null=True, editable=False)
    rationales_search = SearchVectorField(null=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "claim index entry"
        verbose_name_plural = "claim index"

    def __str__(self) -> str:
        return f"Index of claim {self.span_id}"


class ClaimVector(models.Model):
    """The meaning of a claim's words, for "Seen before": float32 values of unit length, made
    by `model` (`annotations.embedding`), written with the claim's ClaimIndex entry. A table
    apart, so that a search reads narrow rows."""

    span = models.OneToOneField(
        Span, on_delete=models.CASCADE, primary_key=True, related_name="vector"
    )
    # The claim's article, so that "other articles" needs no join.
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    vector = models.BinaryField()
    model = models.CharField(max_length=64)
    # The SHA-256 of the words it was made from: unchanged words need no new vector.
    digest = models.CharField(max_length=64)
    # What the app processes read since their last look (annotations.vectors).
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    def __str__(self) -> str:
        return f"Vector of claim {self.span_id}"


class ClaimLink(models.Model):
    """Two claims in different articles that a reviewer confirmed as the same claim, or ruled
    out as a match ("not the same", then never suggested again). One row per pair, the lower
    claim id first."""

    class Relation(models.TextChoices):
        SAME = "same", "Same claim"
        DIFFERENT = "different", "Not the same"

    span = models.ForeignKey(Span, on_delete=models.CASCADE, related_name="links_from")
    other = models.ForeignKey(Span, on_delete=models.CASCADE, related_name="links_to")
    relation = models.CharField(max_length=16, choices=Relation.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claim_links",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["span_id", "other_id"]
        constraints = [
            models.UniqueConstraint(fields=["span", "other"], name="unique_claim_link"),
            models.CheckConstraint(
                condition=models.Q(span__lt=models.F("other")), name="claim_link_ordered"
            ),
        ]
        indexes = [models.Index(fields=["other", "span"], name="claim_link_other_idx")]

    def __str__(self) -> str:
        return f"{self.span_id} {self.get_relation_display().lower()} {self.other_id}"

    def other_than(self, span_id: int) -> int:
        """The id of the pair's other claim, seen from `span_id`."""
        return self.other_id if self.span_id == span_id else self.span_id


class FullTextField(models.TextField):
    """A column of an SQLite FTS5 table: `field__matches="query"` is its MATCH."""


@FullTextField.register_lookup
class Matches(models.Lookup):
    lookup_name = "matches"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class ClaimText(models.Model):
    """SQLite only: an FTS5 table over ClaimIndex's `words` and `rationales`, kept in step by
    triggers (migration 0010), which search matches and ranks (bm25) on SQLite. `everything`
    is FTS5's hidden column named after the table: matching it matches either column."""

    span = models.OneToOneField(
        Span,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        related_name="text_row",
    )
    words = FullTextField()
    rationales = FullTextField()
    everything = FullTextField(db_column="annotations_claimtext")

    class Meta:
        managed = False
        db_table = "annotations_claimtext"

    def __str__(self) -> str:
        return f"Full text of claim {self.span_id}"
