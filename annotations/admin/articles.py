"""Articles in the admin: metadata, moderation progress, and their claims (read-only)."""

from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html

from annotations import services
from annotations.admin import display
from annotations.admin.assignments import (
    AssigneeFilter,
    AssignmentInline,
    assignees,
    assignment_history,
    save_assignments,
)
from annotations.admin.base import ReadOnlyInline, ServiceAdmin
from annotations.admin.forms import ServiceForm
from annotations.assignments import assignees_prefetch
from annotations.models import Article, Assignment, Span
from annotations.services import ARTICLE_METADATA_FIELDS

DECIDED = [Span.State.APPROVED, Span.State.REJECTED]


class SpanInline(ReadOnlyInline):
    model = Span
    verbose_name = "claim"
    verbose_name_plural = "claims"
    fields = ["quote_short", "start", "end", "state_badge", "final_badge"]
    readonly_fields = fields
    ordering = ["start", "-end", "id"]

    @admin.display(description="quote")
    def quote_short(self, span: Span) -> str:
        return display.shorten(span.quote, 120)

    @admin.display(description="state")
    def state_badge(self, span: Span) -> str:
        return display.state(span)

    @admin.display(description="final verdict")
    def final_badge(self, span: Span) -> str:
        return display.final_verdict(span)


@admin.register(Article)
class ArticleAdmin(ServiceAdmin):
    form = ServiceForm
    list_display = [
        "title",
        "source",
        "published",
        "claims_column",
        "progress_column",
        "verdicts_column",
        "assignees_column",
        "status",
    ]
    list_filter = ["status", "blind_review", AssigneeFilter, "source", "language"]
    list_select_related = ["created_by"]
    search_fields = ["title", "source", "byline", "url"]
    inlines = [AssignmentInline, SpanInline]
    fieldsets = [
        (None, {"fields": ["title", "source", "url", "byline", "published", "language"]}),
        (
            "Moderation",
            {
                "fields": [
                    "status",
                    "blind_review",
                    "reviewers_needed",
                    "assignment_history_field",
                    "progress_column",
                    "verdicts_column",
                ]
            },
        ),
        (
            "Text",
            {
                "classes": ["collapse"],
                "fields": ["revision", "text_length", "created_by_name", "created_at", "text"],
            },
        ),
    ]
    readonly_fields = [
        "assignment_history_field",
        "progress_column",
        "verdicts_column",
        "revision",
        "text_length",
        "created_by_name",
        "created_at",
        "text",
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_progress()
            .annotate(
                decided_count=Count("spans", filter=Q(spans__state__in=DECIDED), distinct=True)
            )
            .prefetch_related(assignees_prefetch())
        )

    @admin.display(description="imported by")
    def created_by_name(self, article) -> str:
        return display.person(article.created_by)

    def has_add_permission(self, request) -> bool:
        # Articles are imported on the import page, where the text is normalised and checked.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Closing an article keeps its claims and verdicts on record; there is no deletion.
        return False

    @admin.display(description="claims", ordering="span_count")
    def claims_column(self, article: Article) -> str:
        url = reverse("admin:annotations_span_changelist")
        return format_html(
            '<a href="{}?article__id__exact={}">{}</a>', url, article.pk, article.span_count
        )

    @admin.display(description="decided", ordering="decided_count")
    def progress_column(self, article: Article) -> str:
        if not article.span_count:
            return display.EMPTY
        return format_html(
            '<span class="progress"><progress value="{}" max="{}"></progress> {} of {}</span>',
            article.decided_count,
            article.span_count,
            article.decided_count,
            article.span_count,
        )

    @admin.display(description="verdicts")
    def verdicts_column(self, article: Article) -> str:
        return display.count_badges(display.label_counts(article))

    @admin.display(description="assigned to")
    def assignees_column(self, article: Article) -> str:
        return assignees(article)

    @admin.display(description="assignment history")
    def assignment_history_field(self, article: Article) -> str:
        return assignment_history(article)

    @admin.display(description="length")
    def text_length(self, article: Article) -> str:
        return f"{len(article.text):,} characters"

    def save_model(self, request, obj, form, change) -> None:
        changes = {
            name: getattr(obj, name)
            for name in form.changed_data
            if name in ARTICLE_METADATA_FIELDS
        }
        needed = obj.reviewers_needed
        if "reviewers_needed" in form.changed_data:
            # Stored as it was until its own service changes it (moderators, with history).
            obj.reviewers_needed = form.initial["reviewers_needed"]
        if change and changes:
            services.article_update(user=request.user, article=obj, **changes)
        if change and needed != obj.reviewers_needed:
            services.reviewers_needed_set(user=request.user, article=obj, reviewers_needed=needed)

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is Assignment:
            save_assignments(request, form.instance, formset)
        else:
            super().save_formset(request, form, formset, change)
