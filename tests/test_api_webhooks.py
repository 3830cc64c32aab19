"""`/api/webhooks/`: moderators register, list, change and remove endpoints; editors get 403;
bad input is a 400 naming the field, with nothing stored; the secret is never shown back."""

import pytest
from django.urls import reverse

from annotations.models import WebhookEndpoint
from tests.helpers import client_for, results

pytestmark = pytest.mark.django_db

LIST = reverse("api:webhook-list")
SECRET = "a-long-shared-secret-0123456789"
VALID = {"url": "https://93.184.215.14/hooks", "events": ["claim.created"], "secret": SECRET}


def detail(endpoint: WebhookEndpoint) -> str:
    return reverse("api:webhook-detail", kwargs={"pk": endpoint.pk})


@pytest.fixture
def moderator_api(moderator):
    return client_for(moderator)


@pytest.fixture
def endpoint(moderator):
    return WebhookEndpoint.objects.create(
        url="https://93.184.215.14/hooks",
        events=["verdict.saved"],
        secret=SECRET,
        created_by=moderator,
    )


def test_a_moderator_registers_an_endpoint(moderator_api, moderator):
    response = moderator_api.post(
        LIST, {**VALID, "events": ["verdict.saved", "claim.created"]}, format="json"
    )

    assert response.status_code == 201
    endpoint = WebhookEndpoint.objects.get()
    assert response["Location"].endswith(detail(endpoint))
    assert (endpoint.url, endpoint.secret, endpoint.active) == (VALID["url"], SECRET, True)
    assert endpoint.events == ["claim.created", "verdict.saved"]
    assert endpoint.created_by == moderator
    assert endpoint.history.get().history_user == moderator


def test_the_secret_is_shown_masked(moderator_api):
    response = moderator_api.post(LIST, VALID, format="json")

    assert response.json()["secret"] == "****6789"
    assert SECRET not in response.content.decode()


def test_a_moderator_lists_endpoints_with_their_secrets_masked(moderator_api, endpoint):
    (row,) = results(moderator_api.get(LIST))

    assert row["id"] == endpoint.pk
    assert row["events"] == ["verdict.saved"]
    assert row["secret"] == "****6789"
    assert row["created_by"] == "moderator"


def test_a_moderator_reads_one_endpoint(moderator_api, endpoint):
    response = moderator_api.get(detail(endpoint))

    assert response.status_code == 200
    assert response.json()["url"] == endpoint.url


def test_a_moderator_switches_an_endpoint_off(moderator_api, endpoint):
    response = moderator_api.patch(detail(endpoint), {"active": False}, format="json")

    assert response.status_code == 200
    endpoint.refresh_from_db()
    assert endpoint.active is False
    assert endpoint.history.latest().history_change_reason == "Switched off"


def test_a_moderator_replaces_the_secret(moderator_api, endpoint):
    response = moderator_api.patch(
        detail(endpoint), {"secret": "another-secret-of-length-26"}, format="json"
    )

    assert response.status_code == 200
    endpoint.refresh_from_db()
    assert endpoint.secret == "another-secret-of-length-26"


def test_sending_back_the_masked_secret_keeps_the_secret(moderator_api, endpoint):
    shown = moderator_api.get(detail(endpoint)).json()

    response = moderator_api.put(
        detail(endpoint), {**shown, "events": ["claim.settled"]}, format="json"
    )

    assert response.status_code == 200
    endpoint.refresh_from_db()
    assert (endpoint.secret, endpoint.events) == (SECRET, ["claim.settled"])


def test_put_needs_the_url_and_events(moderator_api, endpoint):
    response = moderator_api.put(detail(endpoint), {"active": False}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"url", "events"}


def test_a_moderator_removes_an_endpoint(moderator_api, endpoint):
    response = moderator_api.delete(detail(endpoint))

    assert response.status_code == 204
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "list"),
        ("post", "list"),
        ("get", "detail"),
        ("patch", "detail"),
        ("delete", "detail"),
    ],
)
def test_editors_cannot_manage_webhooks(api_client, endpoint, method, url):
    address = LIST if url == "list" else detail(endpoint)

    response = getattr(api_client, method)(address, VALID, format="json")

    assert response.status_code == 403
    endpoint.refresh_from_db()
    assert WebhookEndpoint.objects.count() == 1


def test_anonymous_requests_are_401(client, endpoint):
    assert client.get(LIST).status_code == 401


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("url", "ftp://93.184.215.14/", "http:// or https://"),
        ("url", "not a url", "http:// or https://"),
        ("url", "http://127.0.0.1:8000/hooks", "private, loopback or link-local"),
        ("url", "http://[fe80::1]/hooks", "private, loopback or link-local"),
        ("events", ["claim.created", "article.deleted"], "“article.deleted” is not an event"),
        ("events", [], "Choose at least one event"),
        ("secret", "", "Give a secret"),
        ("secret", "   ", "Give a secret"),
        ("secret", "short", "at least 16 characters"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(moderator_api, settings, field, value, message):
    settings.WEBHOOK_ALLOW_PRIVATE = False

    response = moderator_api.post(LIST, {**VALID, field: value}, format="json")

    assert response.status_code == 400
    assert message in " ".join(response.json()[field])
    assert not WebhookEndpoint.objects.exists()


def test_every_bad_field_is_named_at_once(moderator_api):
    response = moderator_api.post(
        LIST, {"url": "gopher://x", "events": ["x"], "secret": ""}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"url", "events", "secret"}


@pytest.mark.parametrize("missing", ["url", "events", "secret"])
def test_a_missing_field_is_a_400(moderator_api, missing):
    body = {name: value for name, value in VALID.items() if name != missing}

    response = moderator_api.post(LIST, body, format="json")

    assert response.status_code == 400
    assert missing in response.json()


def test_an_unknown_field_is_a_400(moderator_api):
    response = moderator_api.post(LIST, {**VALID, "format": "xml"}, format="json")

    assert response.status_code == 400
    assert "format" in response.json()


def test_a_bad_change_leaves_the_endpoint_as_it_was(moderator_api, endpoint):
    response = moderator_api.patch(
        detail(endpoint), {"events": ["nope"], "active": False}, format="json"
    )

    assert response.status_code == 400
    endpoint.refresh_from_db()
    assert (endpoint.events, endpoint.active) == (["verdict.saved"], True)
