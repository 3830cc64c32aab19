"""The moderation queue: pending claims, split ones first, then the longest waiting; claims
linked as the same claim are listed together."""

from django.contrib import admin
from django.db.models import (
    BooleanField,
    Case,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince

from annotations import discussion
from annotations.admin import display
from annotations.admin.decisions import QUEUE_ACTIONS, ModerationPermission
from annotations.admin.filters import (
    AgreementFilter,
    GivenLabelFilter,
    ReviewerFilter,
    with_agreement,
)
from annotations.admin.spans import ClaimColumns, SpanAdmin
from annotations.models import ClaimLink, QueuedSpan, Span, Verdict
from annotations.statistics import article_alphas

ALPHA_TITLE = "Krippendorff's alpha of this article's reviewers (1: full agreement)"
NOT_ENOUGH_DATA = "Not enough data: no claim of this article has two verdicts yet"


def alpha_column(alphas: dict[int, float | None]):
    """Each row's article's alpha, as a column the queue can sort by (None where unknown).

    The alphas are computed in Python (annotations.agreement), so the column is a CASE over
    the articles in the queue.
    """
    known = [
        When(article_id=pk, then=Value(alpha)) for pk, alpha in alphas.items() if alpha is not None
    ]
    if not known:
        return Value(None, output_field=FloatField())
    return Case(*known, default=Value(None), output_field=FloatField())


def same_claim_waiting_since():
    """When the first claim linked as the same as this one (lower id) was created, else its
    own creation: the queue orders by it, so that linked claims are listed together."""
    first = ClaimLink.objects.filter(
        other=OuterRef("pk"), relation=ClaimLink.Relation.SAME
    ).order_by("span_id")
    return Coalesce(Subquery(first.values("span__created_at")[:1]), F("created_at"))


def same_claims_prefetch() -> list[Prefetch]:
    """Each claim's `same_before` and `same_after`: its links as the same claim, with the
    other claim and its article."""
    same = ClaimLink.objects.filter(relation=ClaimLink.Relation.SAME)
    return [
        Prefetch(
            "links_to",
            queryset=same.select_related("span__article"),
            to_attr="same_before",
        ),
        Prefetch(
            "links_from",
            queryset=same.select_related("other__article"),
            to_attr="same_after",
        ),
    ]


@admin.register(QueuedSpan)
class ModerationQueueAdmin(ModerationPermission, ClaimColumns, admin.ModelAdmin):
    """Pending claims, split ones first, then the longest waiting. Rows link to the claim."""

    actions = QUEUE_ACTIONS
    list_display = [
        "claim_column",
        "verdicts_column",
        "agreement_column",
        "article_agreement_column",
        "majority_column",
        "same_claim_column",
        "discussion_column",
        "waiting_column",
    ]
    list_display_links = None
    list_filter = [
        AgreementFilter,
        GivenLabelFilter,
        ReviewerFilter,
        ("article", admin.RelatedOnlyFieldListFilter),
    ]
    list_per_page = 50
    search_fields = ["quote", "claim"]
    search_help_text = SpanAdmin.search_help_text
    show_full_result_count = False

    def get_queryset(self, request):
        # Span rows, not proxy rows: decisions save them, and Span is what history records.
        queued = Span.objects.needing_decision()
        alphas = article_alphas(
            Verdict.objects.filter(span__article__in=queued.values("article_id"))
        )
        return (
            discussion.with_comment_counts(with_agreement(queued))
            .annotate(
                is_split=Case(
                    When(label_kinds__gt=1, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
                article_alpha=alpha_column(alphas),
                waiting_since=same_claim_waiting_since(),
            )
            .select_related("article")
            .prefetch_related(*same_claims_prefetch())
        )

    def get_ordering(self, request):
        # Claims linked as the same wait as long as the first of them: they stay together.
        return ["-is_split", "waiting_since", "created_at", "pk"]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "title": "Moderation queue",
            "subtitle": "Pending claims: split verdicts first, then the longest waiting. Sort "
            "by article agreement to see where the desk disagrees most.",
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # A queued claim is decided on its own page, which has the decision panel.
        return HttpResponseRedirect(reverse("admin:annotations_span_change", args=[object_id]))

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(
        description="article agreement", ordering=F("article_alpha").asc(nulls_last=True)
    )
    def article_agreement_column(self, span: Span) -> str:
        if span.article_alpha is None:
            return format_html('<span title="{}">{}</span>', NOT_ENOUGH_DATA, display.EMPTY)
        return format_html('<span title="{}">{}</span>', ALPHA_TITLE, f"{span.article_alpha:.2f}")

    @admin.display(description="majority")
    def majority_column(self, span: Span) -> str:
        counts = display.label_counts(span)
        if not any(counts.values()):
            return display.EMPTY
        majority = display.majority_from_counts(counts)
        return display.badge(majority) if majority else display.muted("tie")

    @admin.display(description="same claim as")
    def same_claim_column(self, span: Span) -> str:
        others = [link.span for link in span.same_before] + [
            link.other for link in span.same_after
        ]
        if not others:
            return display.EMPTY
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}" title="{}">#{}</a> <span class="muted">{}</span>',
            (
                (
                    reverse("admin:annotations_span_change", args=[other.pk]),
                    display.shorten(other.quote, 120),
                    other.pk,
                    display.shorten(other.article.title, 40),
                )
                for other in others
            ),
        )

    @admin.display(description="discussion", ordering="comment_count")
    def discussion_column(self, span: Span) -> str:
        if not span.comment_count:
            return display.EMPTY
        return format_html(
            '{} comment{} <span class="muted">· last {} ago</span>',
            span.comment_count,
            "" if span.comment_count == 1 else "s",
            timesince(span.last_comment_at, depth=1),
        )

    @admin.display(description="waiting", ordering="created_at")
    def waiting_column(self, span: Span) -> str:
        return format_html(
            '<time datetime="{}">{}</time>',
            span.created_at.isoformat(),
            timesince(span.created_at, depth=1),
        )
