"""Moderation decisions as admin actions: approve, set a final verdict, reject, reopen,
publish and unpublish.

Each one, from a list or from a claim's own page, first shows a confirmation page with an
optional note; confirming calls the matching service, which records who, when and the note
in the claim's history. The actions need `has_moderate_permission`, which Django checks
again on every POST.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

from annotations import roles, services
from annotations.admin import display
from annotations.admin.base import error_text
from annotations.models import Label, Span, new_publication
from annotations.services.publications import publication_problems
from annotations.text import describe_forbidden_character

CONFIRMATION_TEMPLATE = "admin/annotations/decision_confirmation.html"
# The confirmation page lists this many claims and counts the rest.
LISTED_ON_CONFIRMATION = 100
NOTE_MAX_LENGTH = 2000


class DecisionNoteForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=NOTE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Optional. Saved with the decision and shown in each claim's history.",
    )

    def clean_note(self) -> str:
        note = self.cleaned_data["note"]
        if problem := describe_forbidden_character(note):
            raise ValidationError(f"The note contains a {problem}.")
        return note


@dataclass(frozen=True)
class Decision:
    name: str
    description: str
    question: str
    confirm: str
    done: str
    perform: Callable[..., Span]
    # What the decision will do to a claim, shown before the moderator confirms.
    outcome: Callable[[Span], str]
    # Whether the confirmation asks for a note for the history (publishing needs none: the
    # explanation is the public's, and the history records each change of it).
    takes_note: bool = True


def _majority_outcome(span: Span) -> str:
    majority = display.majority_from_counts(display.label_counts(span))
    return display.badge(majority) if majority else "No majority: will be skipped"


def _settle(label: str) -> Decision:
    name = dict(Label.choices)[label].lower()
    return Decision(
        name=f"settle_{label}",
        description=f"Set the final verdict: {name}",
        question=f"Set the final verdict of {{count}} to “{name}”?",
        confirm=f"Yes, set {{count}} to {name}",
        done=f"settled as {name}",
        perform=lambda *, user, span, note: services.span_settle(
            user=user, span=span, final_label=label, note=note
        ),
        outcome=lambda span: display.badge(label),
    )


APPROVE = Decision(
    name="approve",
    description="Approve with the majority verdict",
    question="Approve {count} with the reviewers' majority verdict?",
    confirm="Yes, approve {count}",
    done="approved",
    perform=services.span_approve,
    outcome=_majority_outcome,
)
SETTLE = {label: _settle(label) for label in Label.values}


def _publish_outcome(span: Span) -> str:
    publication = span.current_publication or new_publication(span)
    if problems := publication_problems(span, publication):
        return f"Will be skipped: {' '.join(problems.values())}"
    return "Public page updated" if publication.is_published else "Published"


PUBLISH = Decision(
    name="publish",
    description="Publish as a public fact check",
    question="Publish {count} as public fact checks, with the explanations written for them?",
    confirm="Yes, publish {count}",
    done="published",
    perform=lambda *, user, span, note: services.span_publish(user=user, span=span),
    outcome=_publish_outcome,
    takes_note=False,
)
UNPUBLISH = Decision(
    name="unpublish",
    description="Unpublish (take the public page down)",
    question="Unpublish {count}? Their public pages, feed and sitemap entries go at once.",
    confirm="Yes, unpublish {count}",
    done="unpublished",
    perform=lambda *, user, span, note: services.span_unpublish(user=user, span=span),
    outcome=lambda span: "Not public" if span.is_published() else "Not published: will be skipped",
    takes_note=False,
)
REJECT = Decision(
    name="reject",
    description="Reject (not a checkable claim)",
    question="Reject {count}? A rejected claim gets no final verdict.",
    confirm="Yes, reject {count}",
    done="rejected",
    perform=services.span_reject,
    outcome=lambda span: "Rejected",
)
REOPEN = Decision(
    name="reopen",
    description="Reopen (back to the queue)",
    question="Reopen {count}? The final verdict is cleared and the claim returns to the queue.",
    confirm="Yes, reopen {count}",
    done="reopened",
    perform=services.span_reopen,
    outcome=lambda span: "Pending, no final verdict",
)


def _action_field_name(request) -> str:
    """The action's field is prefixed when it comes from a claim's own page."""
    prefixed = f"{admin.ActionLocation.CHANGE_FORM.value}-action"
    return prefixed if prefixed in request.POST else "action"


def _claims(count: int) -> str:
    return ngettext("%(count)d claim", "%(count)d claims", count) % {"count": count}


def decide(modeladmin, request, queryset, decision: Decision):
    """Show the confirmation page, or, once confirmed, apply the decision to each claim."""
    form = DecisionNoteForm(request.POST if "post" in request.POST else None)
    if form.is_bound and form.is_valid():
        _apply(modeladmin, request, queryset, decision, form.cleaned_data["note"])
        return None
    spans = list(queryset.select_related("article", "publication")[: LISTED_ON_CONFIRMATION + 1])
    total = len(spans) if len(spans) <= LISTED_ON_CONFIRMATION else queryset.count()
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": decision.question.format(count=_claims(total)),
        "confirm_text": decision.confirm.format(count=_claims(total)),
        "opts": modeladmin.opts,
        "decision": decision,
        "rows": [
            {
                "span": span,
                "quote": display.shorten(span.quote, 160),
                "verdicts": display.count_badges(display.label_counts(span)),
                "outcome": decision.outcome(span),
            }
            for span in spans[:LISTED_ON_CONFIRMATION]
        ],
        "unlisted": total - min(len(spans), LISTED_ON_CONFIRMATION),
        "total": total,
        "form": form,
        "action_field_name": _action_field_name(request),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "select_across": request.POST.get("select_across") == "1",
        "media": modeladmin.media + form.media,
    }
    return TemplateResponse(request, CONFIRMATION_TEMPLATE, context)


def _apply(modeladmin, request, queryset, decision: Decision, note: str) -> None:
    if request.POST.get("select_across") != "1":
        # The list is read again on confirmation: another moderator may have decided some.
        gone = len(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)) - queryset.count()
        if gone > 0:
            modeladmin.message_user(
                request,
                f"{_claims(gone).capitalize()} left this list before you confirmed "
                "and stayed as they were.",
                messages.WARNING,
            )
    done = 0
    for span in queryset.select_related("article"):
        try:
            decision.perform(user=request.user, span=span, note=note)
        except (ValidationError, PermissionDenied) as error:
            modeladmin.message_user(
                request,
                f"“{display.shorten(span.quote, 60)}”: {error_text(error)}",
                messages.ERROR,
            )
            continue
        modeladmin.log_change(request, span, f"{decision.description}. {note}".strip())
        done += 1
    if done:
        modeladmin.message_user(
            request, f"{_claims(done).capitalize()} {decision.done}.", messages.SUCCESS
        )


class ModerationPermission:
    """Backs the actions' `permissions=["moderate"]`, which Django checks on every POST."""

    def has_moderate_permission(self, request) -> bool:
        return roles.is_moderator(request.user)


def moderation_action(decision: Decision):
    """An admin action for the decision, offered in lists and on a claim's own page."""

    def action(modeladmin, request, queryset):
        return decide(modeladmin, request, queryset, decision)

    action.__name__ = decision.name
    return admin.action(
        action,
        description=decision.description,
        permissions=["moderate"],
        location=[admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM],
    )


QUEUE_ACTIONS = [moderation_action(d) for d in (APPROVE, *SETTLE.values(), REJECT)]
SPAN_ACTIONS = [
    *QUEUE_ACTIONS,
    moderation_action(REOPEN),
    moderation_action(PUBLISH),
    moderation_action(UNPUBLISH),
]
