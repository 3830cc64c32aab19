"""Moderators' decisions on a claim: settle its final verdict, approve, reject, reopen.

Each is recorded in the claim's history with its note. A published claim can be settled
again (its public page then shows the new rating) but not rejected or reopened while it is
public.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from annotations import history, roles
from annotations.models import Change, Span, majority_of
from annotations.services.changes import record_change
from annotations.services.checks import check_fields, reject_forbidden_characters, require_label
from annotations.services.publications import require_unpublished


def record_decision(
    *, user, span: Span, state: str, final_label: str, note: str, reason: str
) -> Span:
    """Store a decision the caller has allowed: its state, final label, who, when and note."""
    reject_forbidden_characters(note=note)
    span.state = state
    span.final_label = final_label
    span.moderated_by = user
    span.moderated_at = timezone.now()
    span.moderation_note = note
    check_fields(span, exclude=["prefix", "suffix", "article", "created_by", "moderated_by"])
    history.save(span, user=user, reason=f"{reason}: {note}" if note else reason)
    record_change(
        Change.Kind.CLAIM_SETTLED, article_id=span.article_id, actor=user, span_id=span.pk
    )
    return span


@transaction.atomic
def span_settle(*, user, span: Span, final_label: str, note: str = "") -> Span:
    """Set the final verdict and approve the claim."""
    roles.require_moderator(user)
    require_label(final_label, field="final_label")
    return record_decision(
        user=user,
        span=span,
        state=Span.State.APPROVED,
        final_label=final_label,
        note=note,
        reason=f"Final verdict set to {final_label}",
    )


@transaction.atomic
def span_approve(*, user, span: Span, note: str = "") -> Span:
    """Approve with the reviewers' majority verdict as the final one."""
    # Permission first: a non-moderator learns nothing about the span's verdicts.
    roles.require_moderator(user)
    majority = majority_of(span.verdicts.values_list("label", flat=True))
    if majority is None:
        raise ValidationError(
            {"final_label": "The reviewers have no majority verdict: set the final verdict."}
        )
    return record_decision(
        user=user,
        span=span,
        state=Span.State.APPROVED,
        final_label=majority,
        note=note,
        reason=f"Approved with the majority verdict ({majority})",
    )


@transaction.atomic
def span_reject(*, user, span: Span, note: str = "") -> Span:
    """Reject the claim (not a checkable claim, a duplicate, a bad highlight)."""
    roles.require_moderator(user)
    require_unpublished(span, "rejecting it")
    return record_decision(
        user=user,
        span=span,
        state=Span.State.REJECTED,
        final_label="",
        note=note,
        reason="Rejected",
    )


@transaction.atomic
def span_reopen(*, user, span: Span, note: str = "") -> Span:
    """Return a decided claim to the moderation queue, clearing its final verdict."""
    roles.require_moderator(user)
    require_unpublished(span, "reopening it")
    return record_decision(
        user=user,
        span=span,
        state=Span.State.PENDING,
        final_label="",
        note=note,
        reason="Reopened",
    )
