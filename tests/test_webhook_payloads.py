"""What webhook deliveries carry as `data`: each kind's object as the API shows it, with
absolute addresses on FACTCHECK_SITE_URL."""

import json

import pytest

from annotations import services
from annotations.models import WebhookEndpoint
from annotations.services import memory
from tests.factories import ModeratorFactory, SpanFactory, VerdictFactory
from tests.helpers import settled_span
from tests.webhook_receiver import running_receiver

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    with running_receiver() as running:
        yield running


def subscribe(receiver, event: str) -> None:
    WebhookEndpoint.objects.create(
        url=receiver.url, events=[event], secret="a-long-shared-secret-0123456789"
    )


def delivered(receiver) -> dict:
    (request,) = receiver.requests
    return json.loads(request.body)


@pytest.fixture
def span(article):
    return SpanFactory(article=article)


def test_absolute_addresses_in_the_payload_start_with_the_site_url(
    receiver, editor, span, settings, django_capture_on_commit_callbacks
):
    settings.FACTCHECK_SITE_URL = "https://factcheck.example.org"
    subscribe(receiver, "verdict.saved")

    with django_capture_on_commit_callbacks(execute=True):
        verdict = services.verdict_create(user=editor, span=span, label="supported")

    data = delivered(receiver)["data"]
    assert data["api_url"] == f"https://factcheck.example.org/api/verdicts/{verdict.pk}/"


def test_a_comment_is_delivered_as_the_api_shows_it(
    receiver, editor, span, django_capture_on_commit_callbacks
):
    subscribe(receiver, "comment.created")

    with django_capture_on_commit_callbacks(execute=True):
        comment = services.comment_create(user=editor, span=span, text="Which survey is this?")

    data = delivered(receiver)["data"]
    assert (data["id"], data["text"], data["span"]) == (comment.pk, comment.text, span.pk)


def test_a_new_claim_is_delivered_as_the_api_shows_it(
    receiver, editor, article, django_capture_on_commit_callbacks
):
    subscribe(receiver, "claim.created")

    with django_capture_on_commit_callbacks(execute=True):
        span, _ = services.span_create(user=editor, article=article, start=0, end=12)

    data = delivered(receiver)["data"]
    assert (data["id"], data["quote"], data["highlighters"]) == (span.pk, span.quote, ["editor"])


def test_a_withdrawn_verdict_is_delivered_as_it_was(
    receiver, editor, span, django_capture_on_commit_callbacks
):
    subscribe(receiver, "verdict.deleted")
    verdict = VerdictFactory(span=span, reviewer=editor, label="disputed")

    with django_capture_on_commit_callbacks(execute=True):
        services.verdict_delete(user=editor, verdict=verdict)

    body = delivered(receiver)
    assert body["type"] == "verdict.deleted"
    assert (body["data"]["id"], body["data"]["label"]) == (verdict.pk, "disputed")


def test_a_settled_claim_is_delivered_with_its_final_verdict(
    receiver, moderator, article, django_capture_on_commit_callbacks
):
    subscribe(receiver, "claim.settled")

    with django_capture_on_commit_callbacks(execute=True):
        span = settled_span(article, moderator, label="supported")

    data = delivered(receiver)["data"]
    assert (data["id"], data["state"], data["final_label"]) == (span.pk, "approved", "supported")


def test_a_payload_under_blind_review_shows_every_verdict(
    receiver, editor, second_editor, article, django_capture_on_commit_callbacks
):
    article.blind_review = True
    article.save()
    span = SpanFactory(article=article)
    VerdictFactory(span=span, reviewer=second_editor)
    subscribe(receiver, "claim.settled")

    with django_capture_on_commit_callbacks(execute=True):
        services.span_approve(user=ModeratorFactory(), span=span)

    data = delivered(receiver)["data"]
    assert data["verdicts_hidden"] is False
    assert [verdict["reviewer"] for verdict in data["verdicts"]] == ["second_editor"]


@pytest.fixture
def pair(article):
    """A claim, and one in another article."""
    return SpanFactory(article=article), SpanFactory()


def test_a_link_is_delivered_once_as_the_api_shows_it(
    receiver, editor, pair, django_capture_on_commit_callbacks
):
    subscribe(receiver, "claim.linked")

    with django_capture_on_commit_callbacks(execute=True):
        memory.link_set(user=editor, span=pair[0], other=pair[1], relation="same")

    body = delivered(receiver)  # one delivery, though both articles record the change
    assert body["type"] == "claim.linked"
    assert (body["data"]["span"], body["data"]["other"], body["data"]["relation"]) == (
        pair[0].pk,
        pair[1].pk,
        "same",
    )


def test_a_removed_link_is_delivered_as_it_was(
    receiver, editor, pair, django_capture_on_commit_callbacks
):
    memory.link_set(user=editor, span=pair[0], other=pair[1], relation="different")
    subscribe(receiver, "claim.unlinked")

    with django_capture_on_commit_callbacks(execute=True):
        memory.link_delete(user=editor, span=pair[1], other=pair[0])

    body = delivered(receiver)
    assert body["type"] == "claim.unlinked"
    assert (body["data"]["span"], body["data"]["relation"]) == (pair[0].pk, "different")
