"""Claims in the admin: every span with its reviewers' verdicts, and the moderation queue."""

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.db.models import (
    Q,
)
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal

from annotations import discussion, services
from annotations.admin import display
from annotations.admin.base import ServiceAdmin
from annotations.admin.decisions import (
    APPROVE,
    PUBLISH,
    REOPEN,
    SETTLE,
    SPAN_ACTIONS,
    UNPUBLISH,
    ModerationPermission,
)
from annotations.admin.filters import (
    AgreementFilter,
    GivenLabelFilter,
    PublishedFilter,
    ReviewerFilter,
    with_agreement,
)
from annotations.admin.forms import ServiceForm
from annotations.admin.publications import publication_status
from annotations.models import (
    Comment,
    Span,
    Verdict,
    new_publication,
)
from annotations.services.publications import publication_problems
from annotations.statistics import article_reviewers


def _search_spans(queryset, search_term: str):
    """Every word must appear in the quote, the restated claim or a reviewer's rationale."""
    for word in smart_split(search_term):
        if word[0] in "\"'" and word[0] == word[-1]:
            word = unescape_string_literal(word)
        rationales = Verdict.objects.filter(rationale__icontains=word).values("span_id")
        queryset = queryset.filter(
            Q(quote__icontains=word) | Q(claim__icontains=word) | Q(pk__in=rationales)
        )
    return queryset


class ClaimColumns:
    """List columns shared by the span list and the queue (rows carry with_agreement())."""

    @admin.display(description="claim", ordering="quote")
    def claim_column(self, span: Span) -> str:
        return format_html(
            '<a class="claim-link" href="{}">{}</a><span class="claim-article">{}</span>',
            reverse("admin:annotations_span_change", args=[span.pk]),
            display.shorten(span.quote, 160),
            display.shorten(span.article.title, 90),
        )

    @admin.display(description="verdicts")
    def verdicts_column(self, span: Span) -> str:
        return display.count_badges(display.label_counts(span))

    @admin.display(description="agreement", ordering="label_kinds")
    def agreement_column(self, span: Span) -> str:
        return display.agreement(display.label_counts(span))

    def get_search_results(self, request, queryset, search_term):
        # Searching rationales through a join would multiply the label counts: use subqueries.
        return _search_spans(queryset, search_term), False


@admin.register(Span)
class SpanAdmin(ModerationPermission, ClaimColumns, ServiceAdmin):
    form = ServiceForm
    actions = SPAN_ACTIONS
    list_title = "All claims"
    list_display = [
        "claim_column",
        "verdicts_column",
        "agreement_column",
        "state_column",
        "final_column",
        "created_at",
    ]
    list_display_links = None
    list_filter = [
        "state",
        AgreementFilter,
        ("final_label", admin.ChoicesFieldListFilter),
        GivenLabelFilter,
        ReviewerFilter,
        PublishedFilter,
        ("article", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["article"]
    list_per_page = 50
    search_fields = ["quote", "claim"]
    search_help_text = "Finds words in the quote, the restated claim and reviewers' rationales."
    fieldsets = [
        (None, {"fields": ["in_context", "article_link"]}),
        ("Reviewers' verdicts", {"fields": ["verdict_cards"]}),
        ("Discussion", {"fields": ["comment_thread"]}),
        ("Reviewers of this article, compared", {"fields": ["reviewer_comparison"]}),
        ("The claim restated", {"fields": ["claim", "speaker"]}),
        ("Public fact check", {"fields": ["publication_column"]}),
        (
            "Record",
            {
                "classes": ["collapse"],
                "fields": [
                    "offsets",
                    "created_by_name",
                    "highlighted_by",
                    "created_at",
                    "is_orphaned",
                    "moderated_by_name",
                    "moderated_at",
                    "moderation_note",
                ],
            },
        ),
    ]
    # Everything on the page but the restated claim is the record: shown, never edited here.
    readonly_fields = [
        name
        for _, options in fieldsets
        for name in options["fields"]
        if name not in {"claim", "speaker"}
    ]

    def get_queryset(self, request):
        return with_agreement(super().get_queryset(request)).select_related(
            "article", "created_by", "moderated_by", "publication"
        )

    def get_form(self, request, obj=None, **kwargs):
        kwargs.setdefault("widgets", {"claim": forms.Textarea(attrs={"rows": 2, "cols": 80})})
        return super().get_form(request, obj, **kwargs)

    def has_add_permission(self, request) -> bool:
        # Claims are highlighted in the reader, where the offsets come from a selection.
        return False

    @admin.display(description="state", ordering="state")
    def state_column(self, span: Span) -> str:
        return display.state(span)

    @admin.display(description="final verdict", ordering="final_label")
    def final_column(self, span: Span) -> str:
        return display.final_verdict(span)

    @admin.display(description="in context")
    def in_context(self, span: Span) -> str:
        return format_html(
            '<blockquote class="claim-context">…{}<mark>{}</mark>{}…</blockquote>',
            span.prefix,
            span.quote,
            span.suffix,
        )

    @admin.display(description="article")
    def article_link(self, span: Span) -> str:
        return format_html(
            '<a href="{}">{}</a> <span class="muted">{}</span> · <a href="{}">Open the claim in'
            " the reader</a>",
            reverse("admin:annotations_article_change", args=[span.article_id]),
            span.article.title,
            span.article.source,
            reverse("annotations:span-detail", args=[span.pk]),
        )

    @admin.display(description="offsets")
    def offsets(self, span: Span) -> str:
        return f"{span.start} to {span.end} (code points, text revision {span.article.revision})"

    @admin.display(description="reviewers")
    def verdict_cards(self, span: Span) -> str:
        verdicts = span.verdicts.select_related("reviewer").prefetch_related("evidence")
        return display.verdict_cards(verdicts) or "No verdicts yet."

    @admin.display(description="comments")
    def comment_thread(self, span: Span) -> str:
        comments = discussion.with_people(Comment.objects.filter(span=span))
        return display.comment_thread(comments) or "No comments yet."

    @admin.display(description="reviewers of the article")
    def reviewer_comparison(self, span: Span) -> str:
        return display.reviewer_table(article_reviewers(span.article_id, claim=span.pk))

    @admin.display(description="publication")
    def publication_column(self, span: Span) -> str:
        publication = span.current_publication
        if publication is None:
            return publication_status(None)
        return format_html(
            '{} · <a href="{}">Explanation and history</a>',
            publication_status(publication),
            reverse("admin:annotations_publication_change", args=[publication.pk]),
        )

    @admin.display(description="created by")
    def created_by_name(self, span: Span) -> str:
        return display.person(span.created_by)

    @admin.display(description="moderated by")
    def moderated_by_name(self, span: Span) -> str:
        return display.person(span.moderated_by)

    @admin.display(description="highlighted by")
    def highlighted_by(self, span: Span) -> str:
        return display.names(span.highlighters.all())

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {"title": "Claim", **(extra_context or {}), "decision_buttons": []}
        span = self.get_object(request, object_id)
        actions = self.get_actions(request, action_location=admin.ActionLocation.CHANGE_FORM)
        if span is not None and actions:
            extra_context.update(
                decision_buttons=_decision_buttons(span, actions),
                decision_field_name=f"{admin.ActionLocation.CHANGE_FORM.value}-action",
                action_checkbox_name=helpers.ACTION_CHECKBOX_NAME,
                decision_span=span,
                decision_summary=display.summary(span),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change) -> None:
        if change and form.has_changed():
            services.span_update(user=request.user, span=obj, claim=obj.claim, speaker=obj.speaker)

    def delete_model(self, request, obj) -> None:
        services.span_delete(user=request.user, span=obj)


SETTLE_NAMES = {decision.name: display.badge(label) for label, decision in SETTLE.items()}
PUBLICATION_NAMES = {PUBLISH.name, UNPUBLISH.name}


def _decision_buttons(span: Span, actions) -> list[dict]:
    """The decision panel's buttons, in groups: the moderation actions the user may take."""
    majority = display.majority_from_counts(display.label_counts(span))
    buttons = []
    for name, action in actions.items():
        if name == APPROVE.name:
            buttons.append(
                {
                    "name": name,
                    "group": "Reviewers' majority",
                    "text": "Approve",
                    "badge": display.badge(majority) if majority else "",
                    "disabled": majority is None,
                    "hint": "" if majority else "No majority: set the final verdict instead.",
                }
            )
        elif name in SETTLE_NAMES:
            buttons.append({"name": name, "group": "Final verdict", "badge": SETTLE_NAMES[name]})
        elif name in PUBLICATION_NAMES:
            buttons.append(_publication_button(span, name))
        elif name != REOPEN.name or span.state != Span.State.PENDING:
            buttons.append({"name": name, "group": "Or", "text": action.description})
    return buttons


def _publication_button(span: Span, name: str) -> dict:
    published = span.is_published()
    if name == UNPUBLISH.name:
        return {
            "name": name,
            "group": "Public fact check",
            "text": "Unpublish",
            "disabled": not published,
            "hint": "" if published else "Not published.",
        }
    problems = publication_problems(span, span.current_publication or new_publication(span))
    return {
        "name": name,
        "group": "Public fact check",
        "text": "Update the public page" if published else "Publish",
        "disabled": bool(problems),
        "hint": " ".join(problems.values()),
    }
