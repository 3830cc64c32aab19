"""A moderator's decisions in the reader's claim panel (issue 11, point 7)."""

import pytest
from django.urls import reverse

from annotations.models import Label, Span
from tests.factories import VerdictFactory
from tests.helpers import FIRST_SENTENCE, signed_in_client, span_over

pytestmark = pytest.mark.django_db


@pytest.fixture
def span(article, editor, second_editor):
    span = span_over(article, FIRST_SENTENCE)
    VerdictFactory(span=span, reviewer=editor, label=Label.DISPUTED)
    VerdictFactory(span=span, reviewer=second_editor, label=Label.DISPUTED)
    return span


@pytest.fixture
def moderator_htmx(moderator):
    return signed_in_client(moderator, htmx=True)


def decide(client, span: Span, decision: str, note: str = ""):
    return client.post(
        reverse("annotations:span-moderate", args=[span.pk]),
        {"moderation-decision": decision, "moderation-note": note},
    )


def test_a_moderator_approves_with_the_majority_from_the_panel(moderator_htmx, span, moderator):
    response = decide(moderator_htmx, span, "approve", "Both reviewers agree.")

    assert response.status_code == 200
    span.refresh_from_db()
    assert (span.state, span.final_label, span.moderated_by) == ("approved", "disputed", moderator)
    assert span.history.latest().history_change_reason == (
        "Approved with the majority verdict (disputed): Both reviewers agree."
    )


def test_a_moderator_settles_with_a_label_and_the_highlight_is_redrawn(moderator_htmx, span):
    response = decide(moderator_htmx, span, "supported")

    span.refresh_from_db()
    assert (span.state, span.final_label) == ("approved", "supported")
    classes = "hl hl--supported hl--lane-0 hl--settled hl--first is-selected"
    assert f'class="{classes}" id="span-{span.pk}"' in response.content.decode()


def test_a_moderator_rejects_then_reopens_a_claim(moderator_htmx, span):
    decide(moderator_htmx, span, "reject", "Not a factual claim.")
    span.refresh_from_db()
    assert (span.state, span.final_label) == ("rejected", "")

    decide(moderator_htmx, span, "reopen")

    span.refresh_from_db()
    assert span.state == "pending"


def test_approving_without_a_majority_says_why_and_changes_nothing(
    moderator_htmx, article, editor, second_editor
):
    split = span_over(article, "Critics said")
    VerdictFactory(span=split, reviewer=editor, label=Label.SUPPORTED)
    VerdictFactory(span=split, reviewer=second_editor, label=Label.DISPUTED)

    response = decide(moderator_htmx, split, "approve")

    assert response.status_code == 400
    assert "no majority verdict" in response.content.decode()
    split.refresh_from_db()
    assert split.state == "pending"


def test_an_unknown_decision_is_a_form_error(moderator_htmx, span):
    response = decide(moderator_htmx, span, "promote")

    assert response.status_code == 400
    assert "“promote” is not a decision." in response.content.decode()


def test_an_editor_is_refused_and_nothing_changes(htmx_client, span):
    response = decide(htmx_client, span, "supported")

    assert response.status_code == 403
    span.refresh_from_db()
    assert (span.state, span.final_label) == ("pending", "")


def test_moderators_are_offered_the_decisions_in_the_panel(moderator_htmx, span):
    page = moderator_htmx.get(reverse("annotations:span-detail", args=[span.pk])).content.decode()

    assert "Approve (majority)" in page
    assert 'name="moderation-decision" value="reject"' in page


def test_editors_are_not_offered_the_decisions(htmx_client, span):
    page = htmx_client.get(reverse("annotations:span-detail", args=[span.pk])).content.decode()

    assert "Approve (majority)" not in page
    assert "moderation-decision" not in page
