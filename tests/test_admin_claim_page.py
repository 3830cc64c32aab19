"""A claim's own page: its decision panel runs the same actions, with the same confirmation."""

import pytest
from django.urls import reverse

from annotations.models import Label, Span
from tests.factories import EvidenceFactory, SpanFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def _span(article, start: int, *labels: str) -> Span:
    span = SpanFactory(article=article, start=start, end=start + 8)
    for label in labels:
        VerdictFactory(span=span, label=label)
    return span


def _decide_on_page(client, span: Span, action: str, *, confirm: bool = True, **fields):
    url = reverse("admin:annotations_span_change", args=[span.pk])
    data = {"CHANGE_FORM-action": action, "_selected_action": [span.pk], **fields}
    if confirm:
        data["post"] = "yes"
    return client.post(url, data)


def test_claim_page_shows_the_decision_panel(moderator_client, article):
    span = _span(article, 0, Label.DISPUTED, Label.DISPUTED)

    response = moderator_client.get(reverse("admin:annotations_span_change", args=[span.pk]))

    assert response.status_code == 200
    names = [button["name"] for button in response.context["decision_buttons"]]
    assert names == [
        "approve",
        "settle_supported",
        "settle_disputed",
        "settle_unverified",
        "reject",
        "publish",
        "unpublish",
    ]
    assert b'name="CHANGE_FORM-action" value="approve"' in response.content


def test_claim_page_disables_approve_without_a_majority(moderator_client, article):
    span = _span(article, 0, Label.SUPPORTED, Label.DISPUTED)

    response = moderator_client.get(reverse("admin:annotations_span_change", args=[span.pk]))

    approve = response.context["decision_buttons"][0]
    assert approve["disabled"]
    assert "No majority" in approve["hint"]


def test_decision_from_the_claim_page_confirms_then_settles(moderator, moderator_client, article):
    span = _span(article, 0, Label.SUPPORTED, Label.DISPUTED)

    confirmation = _decide_on_page(moderator_client, span, "settle_unverified", confirm=False)
    span.refresh_from_db()
    assert confirmation.status_code == 200
    assert span.state == Span.State.PENDING
    assert b'name="CHANGE_FORM-action" value="settle_unverified"' in confirmation.content

    response = _decide_on_page(moderator_client, span, "settle_unverified", note="UN data, 2023.")

    assert response.status_code == 302
    assert response.url == reverse("admin:annotations_span_change", args=[span.pk])
    span.refresh_from_db()
    assert (span.state, span.final_label) == (Span.State.APPROVED, Label.UNVERIFIED)
    assert span.history.latest().history_change_reason == (
        "Final verdict set to unverified: UN data, 2023."
    )


def test_decided_claim_page_offers_reopen(moderator_client, article):
    span = _span(article, 0)
    span.state = Span.State.REJECTED
    span.save()

    response = moderator_client.get(reverse("admin:annotations_span_change", args=[span.pk]))

    assert "reopen" in [button["name"] for button in response.context["decision_buttons"]]


def test_claim_page_decision_for_another_claim_is_a_bad_request(moderator_client, article):
    span = _span(article, 0, Label.SUPPORTED)
    other = _span(article, 10, Label.SUPPORTED)
    url = reverse("admin:annotations_span_change", args=[span.pk])

    response = moderator_client.post(
        url, {"CHANGE_FORM-action": "approve", "_selected_action": [other.pk], "post": "yes"}
    )

    assert response.status_code == 400
    other.refresh_from_db()
    assert other.state == Span.State.PENDING


def test_claim_page_shows_each_reviewers_verdict_with_evidence(moderator_client, article):
    span = _span(article, 0)
    verdict = VerdictFactory(span=span, label=Label.DISPUTED, rationale="The rate was 4.4%.")
    EvidenceFactory(verdict=verdict, url="https://ons.example/march", title="ONS, March")

    response = moderator_client.get(reverse("admin:annotations_span_change", args=[span.pk]))

    html = response.content.decode()
    assert '<span class="badge badge--disputed">Disputed</span>' in html
    assert "The rate was 4.4%." in html
    assert '<a href="https://ons.example/march" rel="noopener noreferrer">ONS, March</a>' in html
    assert reverse("admin:annotations_verdict_change", args=[verdict.pk]) in html


def test_invalid_note_on_the_claim_page_confirmation_changes_nothing(moderator_client, article):
    span = _span(article, 0, Label.SUPPORTED)

    response = _decide_on_page(moderator_client, span, "approve", note="\x00")

    assert response.status_code == 200
    assert response.context["form"].errors["note"]
    span.refresh_from_db()
    assert span.state == Span.State.PENDING
