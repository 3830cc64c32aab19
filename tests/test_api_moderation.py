"""Moderation actions on /api/spans/<id>/: settle, approve, reject, reopen (moderators only)."""

import pytest
from django.urls import reverse

from annotations.models import Label, Span
from tests.factories import SpanFactory, VerdictFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def action(span, name: str) -> str:
    return reverse(f"api:span-{name}", kwargs={"pk": span.pk})


@pytest.fixture
def span(article):
    return SpanFactory(article=article)


def test_moderator_settles_the_final_verdict_with_a_note(moderator, span):
    response = client_for(moderator).post(
        action(span, "settle"), {"final_label": "disputed", "note": "Checked."}, format="json"
    )

    assert response.status_code == 200, response.json()
    span.refresh_from_db()
    assert (span.state, span.final_label, span.moderated_by) == ("approved", "disputed", moderator)
    assert span.moderation_note == "Checked."
    assert response.json()["final_label"] == "disputed"


def test_settle_rejects_an_unknown_label(moderator, span):
    response = client_for(moderator).post(
        action(span, "settle"), {"final_label": "false"}, format="json"
    )

    assert response.status_code == 400
    assert "final_label" in response.json()
    span.refresh_from_db()
    assert span.final_label == ""


def test_moderator_approves_with_the_majority_verdict(moderator, span, editor, second_editor):
    VerdictFactory(span=span, reviewer=editor, label=Label.SUPPORTED)
    VerdictFactory(span=span, reviewer=second_editor, label=Label.SUPPORTED)

    response = client_for(moderator).post(action(span, "approve"), {}, format="json")

    assert response.status_code == 200
    span.refresh_from_db()
    assert (span.state, span.final_label) == ("approved", "supported")


def test_approve_without_a_majority_is_400(moderator, span):
    response = client_for(moderator).post(action(span, "approve"), {}, format="json")

    assert response.status_code == 400
    assert "final_label" in response.json()
    span.refresh_from_db()
    assert span.state == "pending"


def test_moderator_rejects_then_reopens(moderator, span):
    client = client_for(moderator)

    assert (
        client.post(action(span, "reject"), {"note": "Opinion."}, format="json").status_code == 200
    )
    span.refresh_from_db()
    assert span.state == Span.State.REJECTED

    assert client.post(action(span, "reopen"), {}, format="json").status_code == 200
    span.refresh_from_db()
    assert span.state == Span.State.PENDING


@pytest.mark.parametrize("name", ["settle", "approve", "reject", "reopen"])
def test_editors_cannot_moderate(api_client, span, name):
    body = {"final_label": "supported"} if name == "settle" else {}

    response = api_client.post(action(span, name), body, format="json")

    assert response.status_code == 403
    span.refresh_from_db()
    assert (span.state, span.final_label) == ("pending", "")
