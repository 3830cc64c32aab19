"""Moderators settle, approve, reject and reopen claims; editors cannot."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations import services
from annotations.models import Label, Span
from tests.factories import SpanFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def test_settle_sets_final_verdict_and_approves(moderator, article):
    span = SpanFactory(article=article)

    services.span_settle(user=moderator, span=span, final_label="disputed", note="Checked ONS.")

    span.refresh_from_db()
    assert (span.state, span.final_label) == (Span.State.APPROVED, "disputed")
    assert (span.moderated_by, span.moderation_note) == (moderator, "Checked ONS.")
    assert span.moderated_at is not None
    latest = span.history.latest()
    assert latest.history_user == moderator
    assert latest.history_change_reason == "Final verdict set to disputed: Checked ONS."


def test_settle_rejects_unknown_label(moderator, article):
    span = SpanFactory(article=article)

    with pytest.raises(ValidationError):
        services.span_settle(user=moderator, span=span, final_label="pants-on-fire")
    span.refresh_from_db()
    assert span.state == Span.State.PENDING


def test_approve_uses_the_majority_verdict(moderator, article):
    span = SpanFactory(article=article)
    VerdictFactory(span=span, label=Label.DISPUTED)
    VerdictFactory(span=span, label=Label.DISPUTED)
    VerdictFactory(span=span, label=Label.SUPPORTED)

    services.span_approve(user=moderator, span=span)

    span.refresh_from_db()
    assert (span.state, span.final_label) == (Span.State.APPROVED, Label.DISPUTED)


def test_approve_without_majority_asks_for_a_final_verdict(moderator, article):
    span = SpanFactory(article=article)
    VerdictFactory(span=span, label=Label.DISPUTED)
    VerdictFactory(span=span, label=Label.SUPPORTED)

    with pytest.raises(ValidationError) as error:
        services.span_approve(user=moderator, span=span)
    assert set(error.value.message_dict) == {"final_label"}


def test_reject_then_reopen(moderator, article):
    span = SpanFactory(article=article, final_label=Label.SUPPORTED)

    services.span_reject(user=moderator, span=span, note="Not a factual claim.")
    span.refresh_from_db()
    assert (span.state, span.final_label) == (Span.State.REJECTED, "")

    services.span_reopen(user=moderator, span=span)
    span.refresh_from_db()
    assert span.state == Span.State.PENDING
    assert span.history.count() == 3


def test_editor_cannot_moderate(editor, article):
    span = SpanFactory(article=article)

    with pytest.raises(PermissionDenied):
        services.span_settle(user=editor, span=span, final_label="supported")
    span.refresh_from_db()
    assert span.final_label == ""


def test_a_long_moderation_note_is_kept_in_history(moderator, article):
    span = SpanFactory(article=article)
    note = "Checked against the UN OCHA release and two agency reports. " * 8

    services.span_reject(user=moderator, span=span, note=note)

    assert span.history.latest().history_change_reason == f"Rejected: {note}"
