"""Webhook deliveries to a real receiver on 127.0.0.1: the payload, headers and signature,
what is sent and what is not (a change rolled back, an endpoint not subscribed or off);
retries are in tests/test_webhook_retries.py."""

import hashlib
import hmac
import json

import pytest
from django.db import transaction

from annotations import services
from annotations.models import Change, WebhookDelivery, WebhookEndpoint
from annotations.services.webhooks import (
    webhook_delivery_attempt,
)
from tests.factories import SpanFactory
from tests.webhook_receiver import SECRET, judge, running_receiver, subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    with running_receiver() as running:
        yield running


@pytest.fixture
def span(article):
    return SpanFactory(article=article)


def test_a_delivery_posts_the_change_as_json(
    receiver, editor, span, django_capture_on_commit_callbacks
):
    subscribe(receiver.url)

    verdict = judge(editor, span, django_capture_on_commit_callbacks)

    change = Change.objects.get(kind=Change.Kind.VERDICT_SAVED)
    (request,) = receiver.requests
    body = json.loads(request.body)
    assert request.path == "/hooks/factcheck?source=test"
    assert request.headers["Content-Type"] == "application/json"
    assert body["id"] == str(change.uuid)
    assert body["type"] == "verdict.saved"
    assert body["created_at"] == change.at.isoformat().replace("+00:00", "Z")
    assert body["data"]["id"] == verdict.pk
    assert body["data"]["label"] == "disputed"
    assert body["data"]["reviewer"] == editor.username


def test_a_delivery_names_its_event_and_itself(
    receiver, editor, span, django_capture_on_commit_callbacks
):
    subscribe(receiver.url)

    judge(editor, span, django_capture_on_commit_callbacks)

    (request,) = receiver.requests
    delivery = WebhookDelivery.objects.get()
    assert request.headers["X-Factcheck-Event"] == "verdict.saved"
    assert request.headers["X-Factcheck-Delivery"] == str(delivery.pk)


def test_a_delivery_is_signed_with_the_endpoints_secret(
    receiver, editor, span, django_capture_on_commit_callbacks
):
    subscribe(receiver.url)

    judge(editor, span, django_capture_on_commit_callbacks)

    (request,) = receiver.requests
    expected = hmac.new(SECRET.encode(), request.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(request.headers["X-Factcheck-Signature"], f"sha256={expected}")


def test_a_delivered_attempt_is_logged(receiver, editor, span, django_capture_on_commit_callbacks):
    subscribe(receiver.url)

    judge(editor, span, django_capture_on_commit_callbacks)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert (delivery.attempts, delivery.last_response_code, delivery.last_error) == (1, 200, "")
    assert delivery.delivered_at is not None


def test_a_rolled_back_change_sends_nothing(
    receiver, editor, span, django_capture_on_commit_callbacks
):
    subscribe(receiver.url)

    def judge_then_fail():
        with transaction.atomic():
            services.verdict_create(user=editor, span=span, label="supported")
            raise RuntimeError("Something after the verdict failed.")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        judge_then_fail()

    assert not Change.objects.exists()
    assert not WebhookDelivery.objects.exists()
    assert receiver.requests == []


def test_a_kind_the_endpoint_does_not_subscribe_to_is_not_delivered(
    receiver, editor, span, django_capture_on_commit_callbacks
):
    subscribe(receiver.url, "claim.settled")

    judge(editor, span, django_capture_on_commit_callbacks)

    assert not WebhookDelivery.objects.exists()
    assert receiver.requests == []


def test_an_inactive_endpoint_gets_nothing(
    receiver, editor, span, django_capture_on_commit_callbacks
):
    subscribe(receiver.url, active=False)

    judge(editor, span, django_capture_on_commit_callbacks)

    assert not WebhookDelivery.objects.exists()


def test_no_subscriber_leaves_the_change_without_data(editor, span):
    services.verdict_create(user=editor, span=span, label="supported")

    assert Change.objects.get(kind=Change.Kind.VERDICT_SAVED).data == {}


def test_an_endpoint_switched_off_before_the_attempt_gives_up(receiver, editor, span):
    endpoint = subscribe(receiver.url)
    services.verdict_create(user=editor, span=span, label="supported")  # Not committed: unsent.
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)

    delivery = webhook_delivery_attempt(WebhookDelivery.objects.get().pk)

    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.last_error == "The endpoint was switched off before this was sent."
    assert receiver.requests == []


def test_a_private_address_is_refused_at_delivery_when_not_allowed(
    receiver, editor, span, settings
):
    subscribe(receiver.url)  # Registered while it was allowed.
    services.verdict_create(user=editor, span=span, label="supported")
    settings.WEBHOOK_ALLOW_PRIVATE = False

    delivery = webhook_delivery_attempt(WebhookDelivery.objects.get().pk)

    assert "private, loopback or link-local" in delivery.last_error
    assert delivery.last_response_code is None
    assert receiver.requests == []
