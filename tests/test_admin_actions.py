"""Moderation actions in the admin: confirm first, then change exactly the chosen claims."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from annotations.models import Label, Span
from tests.factories import ArticleFactory, SpanFactory, UserFactory, VerdictFactory

pytestmark = pytest.mark.django_db

SPANS_URL = reverse("admin:annotations_span_changelist")
QUEUE_URL = reverse("admin:annotations_queuedspan_changelist")


def _span(article, start: int, *labels: str) -> Span:
    span = SpanFactory(article=article, start=start, end=start + 8)
    for label in labels:
        VerdictFactory(span=span, label=label)
    return span


def _act(client, url: str, action: str, spans, *, confirm: bool = True, **fields):
    data = {"action": action, "_selected_action": [span.pk for span in spans], **fields}
    if confirm:
        data["post"] = "yes"
    return client.post(url, data)


def _messages(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


def test_first_post_shows_a_confirmation_page_and_changes_nothing(moderator_client, article):
    span = _span(article, 0, Label.DISPUTED)

    response = _act(moderator_client, QUEUE_URL, "approve", [span], confirm=False)

    assert response.status_code == 200
    assert response.templates[0].name == "admin/annotations/decision_confirmation.html"
    assert b"Approve 1 claim with the reviewers&#x27; majority verdict?" in response.content
    assert b'name="note"' in response.content
    span.refresh_from_db()
    assert span.state == Span.State.PENDING
    assert span.history.count() == 1


def test_confirmation_page_lists_each_claim_with_its_outcome(moderator_client, article):
    agreed = _span(article, 0, Label.DISPUTED, Label.DISPUTED)
    tied = _span(article, 10, Label.SUPPORTED, Label.DISPUTED)

    response = _act(moderator_client, QUEUE_URL, "approve", [agreed, tied], confirm=False)

    assert response.context["total"] == 2
    outcomes = {row["span"].pk: str(row["outcome"]) for row in response.context["rows"]}
    assert "badge--disputed" in outcomes[agreed.pk]
    assert outcomes[tied.pk] == "No majority: will be skipped"


def test_approve_bulk_sets_each_majority_and_records_who_and_the_note(
    moderator, moderator_client, article
):
    disputed = _span(article, 0, Label.DISPUTED, Label.DISPUTED, Label.SUPPORTED)
    supported = _span(article, 10, Label.SUPPORTED)
    untouched = _span(article, 20, Label.UNVERIFIED)

    response = _act(
        moderator_client, QUEUE_URL, "approve", [disputed, supported], note="Checked both."
    )

    assert response.status_code == 302
    for span, label in [(disputed, Label.DISPUTED), (supported, Label.SUPPORTED)]:
        span.refresh_from_db()
        assert (span.state, span.final_label) == (Span.State.APPROVED, label)
        assert (span.moderated_by, span.moderation_note) == (moderator, "Checked both.")
        latest = span.history.latest()
        assert latest.history_user == moderator
        assert latest.history_change_reason == (
            f"Approved with the majority verdict ({label}): Checked both."
        )
    untouched.refresh_from_db()
    assert untouched.state == Span.State.PENDING


def test_approve_without_majority_is_reported_per_claim_and_the_rest_proceed(
    moderator_client, article
):
    tied = _span(article, 0, Label.SUPPORTED, Label.DISPUTED)
    agreed = _span(article, 10, Label.SUPPORTED)

    response = _act(moderator_client, QUEUE_URL, "approve", [tied, agreed])

    assert response.status_code == 302
    messages = _messages(response)
    assert any(tied.quote in message and "no majority verdict" in message for message in messages)
    assert "1 claim approved." in messages
    tied.refresh_from_db()
    agreed.refresh_from_db()
    assert (tied.state, tied.final_label) == (Span.State.PENDING, "")
    assert tied.history.count() == 1
    assert agreed.state == Span.State.APPROVED


@pytest.mark.parametrize("label", Label.values)
def test_settle_sets_the_chosen_final_verdict(moderator, moderator_client, article, label):
    first = _span(article, 0, Label.SUPPORTED, Label.DISPUTED)
    second = _span(article, 10)

    _act(moderator_client, QUEUE_URL, f"settle_{label}", [first, second], note="Settled.")

    for span in (first, second):
        span.refresh_from_db()
        assert (span.state, span.final_label) == (Span.State.APPROVED, label)
        assert span.history.latest().history_change_reason == (
            f"Final verdict set to {label}: Settled."
        )
        assert span.history.latest().history_user == moderator


def test_reject_clears_the_final_verdict_and_writes_history(moderator, moderator_client, article):
    span = _span(article, 0, Label.SUPPORTED)

    _act(moderator_client, SPANS_URL, "reject", [span], note="Opinion, not a claim.")

    span.refresh_from_db()
    assert (span.state, span.final_label) == (Span.State.REJECTED, "")
    assert span.moderation_note == "Opinion, not a claim."
    assert span.history.latest().history_change_reason == "Rejected: Opinion, not a claim."


def test_reopen_returns_decided_claims_to_the_queue(moderator, moderator_client, article):
    approved = _span(article, 0)
    approved.state, approved.final_label = Span.State.APPROVED, Label.DISPUTED
    approved.save()
    rejected = _span(article, 10)
    rejected.state = Span.State.REJECTED
    rejected.save()

    _act(moderator_client, SPANS_URL, "reopen", [approved, rejected])

    for span in (approved, rejected):
        span.refresh_from_db()
        assert (span.state, span.final_label) == (Span.State.PENDING, "")
        assert span.history.latest().history_change_reason == "Reopened"
        assert span.history.latest().history_user == moderator


def test_reopen_is_not_offered_in_the_queue(moderator_client, article):
    span = _span(article, 0)

    response = _act(moderator_client, QUEUE_URL, "reopen", [span])

    assert "No action selected." in _messages(response)
    span.refresh_from_db()
    assert span.history.count() == 1


def test_note_longer_than_the_limit_is_a_form_error_and_changes_nothing(moderator_client, article):
    span = _span(article, 0, Label.SUPPORTED)

    response = _act(moderator_client, QUEUE_URL, "approve", [span], note="x" * 2001)

    assert response.status_code == 200
    assert response.context["form"].errors["note"]
    span.refresh_from_db()
    assert span.state == Span.State.PENDING


def test_note_with_a_control_character_is_a_form_error(moderator_client, article):
    span = _span(article, 0, Label.SUPPORTED)

    response = _act(moderator_client, QUEUE_URL, "reject", [span], note="bad\x07note")

    assert response.status_code == 200
    assert "control character U+0007" in str(response.context["form"].errors["note"])
    span.refresh_from_db()
    assert span.state == Span.State.PENDING


def test_claim_decided_by_someone_else_meanwhile_is_left_alone(moderator_client, article):
    span = _span(article, 0, Label.SUPPORTED)
    span.state, span.final_label = Span.State.APPROVED, Label.SUPPORTED
    span.save()

    response = _act(moderator_client, QUEUE_URL, "settle_disputed", [span])

    assert any("left this list" in message for message in _messages(response))
    span.refresh_from_db()
    assert span.final_label == Label.SUPPORTED


def test_staff_without_the_moderator_role_cannot_run_a_decision(article):
    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(
        Permission.objects.get(codename="view_queuedspan"),
        Permission.objects.get(codename="view_span"),
        Permission.objects.get(codename="change_span"),
    )
    span = _span(article, 0, Label.SUPPORTED)
    client = Client()
    client.force_login(clerk)

    response = _act(client, QUEUE_URL, "approve", [span])

    assert response.status_code == 200
    assert response.context["action_form"] is None
    span.refresh_from_db()
    assert span.state == Span.State.PENDING


def test_editor_posting_an_action_is_sent_to_the_admin_login(editor_client, article):
    span = _span(article, 0, Label.SUPPORTED)

    response = _act(editor_client, QUEUE_URL, "approve", [span])

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    span.refresh_from_db()
    assert span.state == Span.State.PENDING


def test_bulk_action_over_every_page_uses_select_across(moderator_client):
    article = ArticleFactory()
    spans = [_span(article, start, Label.SUPPORTED) for start in (0, 10, 20)]

    _act(
        moderator_client,
        QUEUE_URL,
        "settle_supported",
        spans[:1],
        select_across="1",
    )

    assert set(Span.objects.values_list("state", flat=True)) == {Span.State.APPROVED}
