"""Webhooks in the admin: moderators register endpoints (checked as the API checks them) and
read the delivery log; Redeliver sends a delivery again; editors cannot reach any of it."""

import pytest
from django.urls import reverse

from annotations import services
from annotations.models import WebhookDelivery, WebhookEndpoint
from tests.factories import ArticleFactory, SpanFactory
from tests.helpers import signed_in_client
from tests.webhook_receiver import running_receiver

pytestmark = pytest.mark.django_db

ENDPOINTS = reverse("admin:annotations_webhookendpoint_changelist")
ADD = reverse("admin:annotations_webhookendpoint_add")
DELIVERIES = reverse("admin:annotations_webhookdelivery_changelist")
SECRET = "a-long-shared-secret-0123456789"


def form(**fields) -> dict:
    return {
        "url": "https://93.184.215.14/hooks",
        "events": ["claim.created", "verdict.saved"],
        "new_secret": SECRET,
        "active": "on",
        **fields,
    }


@pytest.fixture
def endpoint():
    return WebhookEndpoint.objects.create(
        url="https://93.184.215.14/hooks", events=["verdict.saved"], secret=SECRET
    )


@pytest.fixture
def delivery(endpoint, editor):
    span = SpanFactory(article=ArticleFactory())
    services.verdict_create(user=editor, span=span, label="supported")
    return WebhookDelivery.objects.get()


def test_a_moderator_registers_an_endpoint(moderator_client, moderator):
    response = moderator_client.post(ADD, form())

    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert (endpoint.secret, endpoint.events) == (SECRET, ["claim.created", "verdict.saved"])
    assert endpoint.history.get().history_user == moderator


def test_the_endpoint_page_never_shows_the_secret(moderator_client, endpoint):
    response = moderator_client.get(
        reverse("admin:annotations_webhookendpoint_change", args=[endpoint.pk])
    )

    assert response.status_code == 200
    assert SECRET not in response.content.decode()
    assert "****6789" in response.content.decode()


def test_an_empty_secret_on_change_keeps_the_secret(moderator_client, endpoint):
    change = reverse("admin:annotations_webhookendpoint_change", args=[endpoint.pk])

    response = moderator_client.post(change, form(new_secret="", events=["claim.settled"]))

    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.secret, endpoint.events) == (SECRET, ["claim.settled"])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("url", "http://10.0.0.5/hooks", "private, loopback or link-local"),
        ("new_secret", "", "Give a secret"),
        ("new_secret", "short", "at least 16 characters"),
    ],
)
def test_bad_input_shows_on_the_form_and_stores_nothing(
    moderator_client, settings, field, value, message
):
    settings.WEBHOOK_ALLOW_PRIVATE = False

    response = moderator_client.post(ADD, form(**{field: value}))

    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors[field])
    assert not WebhookEndpoint.objects.exists()


def test_a_moderator_reads_the_delivery_log(moderator_client, delivery):
    response = moderator_client.get(DELIVERIES)

    assert response.status_code == 200
    assert "verdict.saved" in response.content.decode()


def test_redeliver_sends_the_delivery_again(
    moderator_client, delivery, endpoint, django_capture_on_commit_callbacks
):
    with running_receiver() as receiver:
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(url=receiver.url)
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.FAILED, attempts=14
        )

        with django_capture_on_commit_callbacks(execute=True):
            response = moderator_client.post(
                DELIVERIES, {"action": "redeliver", "_selected_action": [delivery.pk]}
            )

    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (WebhookDelivery.Status.DELIVERED, 1)
    assert receiver.requests[0].headers["X-Factcheck-Delivery"] == str(delivery.pk)


@pytest.mark.parametrize("url", [ENDPOINTS, ADD, DELIVERIES])
def test_editors_cannot_reach_webhooks_in_the_admin(editor, url):
    response = signed_in_client(editor, htmx=False).get(url)

    assert response.status_code == 302  # to the admin's sign-in: editors are not staff


def test_staff_without_the_moderator_role_get_no_webhook_pages(editor):
    editor.is_staff = True
    editor.save()

    response = signed_in_client(editor, htmx=False).get(DELIVERIES)

    assert response.status_code == 403


def test_staff_without_the_moderator_role_cannot_redeliver(editor, delivery):
    editor.is_staff = True
    editor.save()

    signed_in_client(editor, htmx=False).post(
        DELIVERIES, {"action": "redeliver", "_selected_action": [delivery.pk]}
    )

    delivery.refresh_from_db()
    assert delivery.attempts == 0
