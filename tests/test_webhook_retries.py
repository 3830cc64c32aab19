"""Webhook deliveries that fail, to a real receiver on 127.0.0.1: each attempt logged, retried
later with time moved on, given up at last, redelivered; and the worker that sends them."""

import datetime
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import timezone

from annotations import services, webhooks
from annotations.models import WebhookDelivery
from annotations.services import webhooks as webhook_services
from annotations.services.webhooks import (
    CLAIMED_FOR,
    deliver_webhook,
    webhook_deliveries_resume,
    webhook_delivery_attempt,
    webhook_delivery_redeliver,
)
from tests.factories import SpanFactory
from tests.webhook_receiver import judge, running_receiver, subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def receiver():
    with running_receiver() as running:
        yield running


@pytest.fixture
def span(article):
    return SpanFactory(article=article)


def test_a_failed_attempt_is_logged_and_retried_a_minute_later(
    receiver, editor, span, django_capture_on_commit_callbacks
):
    subscribe(receiver.url)
    receiver.statuses = [500]
    before = timezone.now()

    judge(editor, span, django_capture_on_commit_callbacks)

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert (delivery.attempts, delivery.last_response_code) == (1, 500)
    assert delivery.last_error == "HTTP 500 Internal Server Error"
    assert before + datetime.timedelta(minutes=1) <= delivery.next_attempt_at
    assert delivery.next_attempt_at <= timezone.now() + datetime.timedelta(minutes=1)


def test_a_receiver_that_was_down_gets_the_delivery_on_retry(
    receiver, editor, span, django_capture_on_commit_callbacks
):
    subscribe(receiver.url)
    receiver.statuses = [500]
    judge(editor, span, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()

    later = timezone.now() + datetime.timedelta(minutes=2)
    webhook_delivery_attempt(delivery.pk, now=later)

    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert (delivery.attempts, delivery.last_response_code) == (2, 200)
    first, second = receiver.requests
    assert first.body == second.body
    assert first.headers["X-Factcheck-Delivery"] == second.headers["X-Factcheck-Delivery"]


def test_a_retry_waits_for_its_time(receiver, editor, span, django_capture_on_commit_callbacks):
    subscribe(receiver.url)
    receiver.statuses = [500]
    judge(editor, span, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()

    assert webhook_delivery_attempt(delivery.pk) is None

    assert len(receiver.requests) == 1


def test_the_last_attempt_gives_up(receiver, editor, span, django_capture_on_commit_callbacks):
    endpoint = subscribe(receiver.url)
    receiver.statuses = [503]
    services.verdict_create(user=editor, span=span, label="supported")
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=webhooks.MAX_ATTEMPTS - 1)

    webhook_delivery_attempt(delivery.pk)

    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.attempts == webhooks.MAX_ATTEMPTS
    assert delivery.next_attempt_at is None


def test_a_slow_receiver_is_an_error_after_the_timeout(receiver, editor, span, monkeypatch):
    monkeypatch.setattr(webhooks, "TIMEOUT_SECONDS", 0.2)
    receiver.delay = 1
    subscribe(receiver.url)
    services.verdict_create(user=editor, span=span, label="supported")

    delivery = webhook_delivery_attempt(WebhookDelivery.objects.get().pk)

    assert delivery.last_error == "No answer within 0.2 seconds."
    assert delivery.status == WebhookDelivery.Status.PENDING


def test_a_refused_connection_is_an_error(editor, span):
    subscribe("http://127.0.0.1:9/nobody-listens")
    services.verdict_create(user=editor, span=span, label="supported")

    delivery = webhook_delivery_attempt(WebhookDelivery.objects.get().pk)

    assert delivery.last_error.startswith("ConnectionRefusedError")


def test_redelivering_sends_a_delivered_change_again(
    receiver, editor, moderator, span, django_capture_on_commit_callbacks
):
    subscribe(receiver.url)
    judge(editor, span, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        webhook_delivery_redeliver(user=moderator, delivery=delivery)

    delivery.refresh_from_db()
    assert len(receiver.requests) == 2
    assert (delivery.status, delivery.attempts) == (WebhookDelivery.Status.DELIVERED, 1)


def test_a_task_left_from_before_a_redelivery_does_nothing(receiver, editor, span):
    subscribe(receiver.url)
    services.verdict_create(user=editor, span=span, label="supported")
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=3)  # then redelivered: 0

    deliver_webhook.call(delivery.pk, 3 - 1)

    assert receiver.requests == []


def test_a_retry_is_handed_to_the_worker_at_its_time(receiver, editor, span, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    subscribe(receiver.url)
    receiver.statuses = [500]
    services.verdict_create(user=editor, span=span, label="supported")

    delivery = webhook_delivery_attempt(WebhookDelivery.objects.get().pk)

    retry = DBTaskResult.objects.get()
    assert retry.task_path == "annotations.services.webhooks.deliver_webhook"
    assert retry.run_after == delivery.next_attempt_at
    assert retry.args_kwargs == {"args": [delivery.pk, 1], "kwargs": {}}


def test_the_database_worker_delivers_what_a_committed_change_queued(
    receiver, editor, span, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker closes connections it finds inside a transaction: the test's is one.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    subscribe(receiver.url)
    judge(editor, span, django_capture_on_commit_callbacks)
    assert receiver.requests == []  # Queued for the worker, not sent by the request.

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.DELIVERED
    assert len(receiver.requests) == 1


def stalled(receiver, editor, span, django_capture_on_commit_callbacks) -> WebhookDelivery:
    """A delivery whose attempt a worker claimed, then died before logging it: pending, its
    claim run out long ago, and no task left to attempt it."""
    subscribe(receiver.url)
    receiver.statuses = [500]
    judge(editor, span, django_capture_on_commit_callbacks)
    claimed_long_ago = timezone.now() - 2 * CLAIMED_FOR
    WebhookDelivery.objects.update(next_attempt_at=claimed_long_ago)
    receiver.requests.clear()
    return WebhookDelivery.objects.get()


def test_a_stalled_delivery_is_resumed(receiver, editor, span, django_capture_on_commit_callbacks):
    delivery = stalled(receiver, editor, span, django_capture_on_commit_callbacks)

    resumed = webhook_deliveries_resume()

    delivery.refresh_from_db()
    assert resumed == 1
    assert len(receiver.requests) == 1
    assert (delivery.status, delivery.attempts) == (WebhookDelivery.Status.DELIVERED, 2)


def test_a_retry_waiting_for_its_time_is_not_resumed(
    receiver, editor, span, django_capture_on_commit_callbacks
):
    subscribe(receiver.url)
    receiver.statuses = [500]
    judge(editor, span, django_capture_on_commit_callbacks)  # retried in a minute

    assert webhook_deliveries_resume() == 0
    assert WebhookDelivery.objects.get().attempts == 1


def test_each_delivery_the_worker_makes_resumes_the_stalled_ones(
    receiver, editor, span, django_capture_on_commit_callbacks
):
    delivery = stalled(receiver, editor, span, django_capture_on_commit_callbacks)

    judge(editor, SpanFactory(), django_capture_on_commit_callbacks)

    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.DELIVERED
    assert len(receiver.requests) == 2


def test_the_command_resumes_stalled_deliveries(
    receiver, editor, span, django_capture_on_commit_callbacks
):
    stalled(receiver, editor, span, django_capture_on_commit_callbacks)
    out = StringIO()

    call_command("resume_webhooks", stdout=out)

    assert "1 stalled webhook delivery resumed" in out.getvalue()
    assert len(receiver.requests) == 1


def test_a_resumed_delivery_is_not_asked_for_again_until_its_new_claim_runs_out(
    receiver, editor, span, django_capture_on_commit_callbacks, monkeypatch
):
    stalled(receiver, editor, span, django_capture_on_commit_callbacks)
    asked = []
    monkeypatch.setattr(
        webhook_services,
        "deliver_webhook",
        SimpleNamespace(enqueue=lambda *ids: asked.append(ids)),
    )

    first, second = webhook_deliveries_resume(), webhook_deliveries_resume()

    assert (first, second) == (1, 0)
    assert len(asked) == 1
