"""Webhooks: moderators register endpoints; each change of a kind an endpoint subscribes to
becomes a delivery, sent in the background and retried until it succeeds or gives up.

A delivery row is written in the transaction of the change it carries (`deliveries_create`,
called by `services.changes.record_change`), so a rolled-back change sends nothing and a
committed one is never lost; its first attempt is asked of the worker once that transaction
commits. Each attempt (`webhook_delivery_attempt`, the task `deliver_webhook`) claims the
delivery with a conditional update, so two workers never send one attempt twice, POSTs it
(`annotations.webhooks.post`), logs the outcome on the row and, after a failure, asks the
worker for the next attempt after a growing pause (`annotations.webhooks.retry_delay`).
"""

import datetime
import logging
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from annotations import history, roles, webhooks
from annotations.exports import timestamp
from annotations.models import Change, WebhookDelivery, WebhookEndpoint
from annotations.services.checks import check_fields, reject_forbidden_characters

logger = logging.getLogger(__name__)

# The kinds of change an endpoint may subscribe to ("events"); the others (a claim restated
# or deleted, a comment edited) serve the reader's live updates only.
SUBSCRIBABLE = (
    Change.Kind.CLAIM_CREATED,
    Change.Kind.VERDICT_SAVED,
    Change.Kind.VERDICT_DELETED,
    Change.Kind.CLAIM_SETTLED,
    Change.Kind.CLAIM_PUBLISHED,
    Change.Kind.COMMENT_CREATED,
    Change.Kind.CLAIM_LINKED,
    Change.Kind.CLAIM_UNLINKED,
)
SECRET_MIN_LENGTH = 16
# An attempt holds its delivery this long (longer than any attempt takes): a worker that died
# mid-attempt leaves it pending and overdue, until `webhook_deliveries_resume` asks again.
CLAIMED_FOR = datetime.timedelta(seconds=webhooks.TIMEOUT_SECONDS * 12)


# Endpoints


def masked(secret: str) -> str:
    """How a secret is shown once stored: its last four characters only."""
    return f"****{secret[-4:]}"


def clean_events(events: object) -> list[str]:
    """The subscribed kinds, each once, in SUBSCRIBABLE's order (400 on `events`)."""
    choices = ", ".join(SUBSCRIBABLE)
    if not isinstance(events, list | tuple) or not events:
        raise ValidationError({"events": f"Choose at least one event from: {choices}."})
    unknown = [event for event in events if event not in SUBSCRIBABLE]
    if unknown:
        raise ValidationError(
            {"events": f"“{unknown[0]}” is not an event; choose from: {choices}."}
        )
    return [kind.value for kind in SUBSCRIBABLE if kind in events]


def check_secret(secret: object) -> str:
    if not isinstance(secret, str) or not secret.strip():
        raise ValidationError({"secret": "Give a secret: deliveries are signed with it."})
    reject_forbidden_characters(secret=secret)
    if len(secret) < SECRET_MIN_LENGTH:
        raise ValidationError(
            {
                "secret": f"Use at least {SECRET_MIN_LENGTH} characters, a random string "
                "(python -c 'import secrets; print(secrets.token_hex(32))')."
            }
        )
    return secret


def check_endpoint(
    *, url: str | None = None, events: object = None, secret: object = None
) -> list[str] | None:
    """Check what is being set (None: not being set), every field at once: an http(s) URL
    whose host resolves to public addresses only (unless WEBHOOK_ALLOW_PRIVATE), known
    events, a secret. Returns the events cleaned; raises one ValidationError naming each
    field that is wrong."""
    errors, cleaned = {}, None
    checks = {
        "url": (url, lambda: check_url(url)),
        "events": (events, lambda: clean_events(events)),
        "secret": (secret, lambda: check_secret(secret)),
    }
    for name, (value, check) in checks.items():
        if value is None:
            continue
        try:
            result = check()
        except ValidationError as error:
            errors.update(error.message_dict)
            continue
        if name == "events":
            cleaned = result
    if errors:
        raise ValidationError(errors)
    return cleaned


def check_url(url: str) -> None:
    if not isinstance(url, str):
        raise ValidationError({"url": "Give the URL as a string."})
    reject_forbidden_characters(url=url)
    webhooks.check_url(url, allow_private=settings.WEBHOOK_ALLOW_PRIVATE)


def webhook_endpoint_create(
    *, user, url: str, events: list[str], secret: str, active: bool = True
) -> WebhookEndpoint:
    """Register an endpoint (moderators): it receives the kinds in `events` from now on.

    The checks (a DNS lookup among them) run before the transaction, so no write lock waits
    for a name server."""
    roles.require_moderator(user)
    events = check_endpoint(url=url, events=events, secret=secret)
    endpoint = WebhookEndpoint(
        url=url, events=events, secret=secret, active=active, created_by=user
    )
    check_fields(endpoint, exclude=["created_by"])
    with transaction.atomic():
        history.save(endpoint, user=user)
    return endpoint


def webhook_endpoint_update(
    *,
    user,
    endpoint: WebhookEndpoint,
    url: str | None = None,
    events: list[str] | None = None,
    secret: str | None = None,
    active: bool | None = None,
) -> WebhookEndpoint:
    """Change an endpoint (moderators); None leaves a field as it is. A new secret signs the
    attempts made from now on; the history says it was replaced, never what it is. Checked
    before the transaction, as `webhook_endpoint_create` is."""
    roles.require_moderator(user)
    events = check_endpoint(url=url, events=events, secret=secret)
    reasons = []
    if url is not None:
        endpoint.url = url
    if events is not None:
        endpoint.events = events
    if secret is not None and secret != endpoint.secret:
        endpoint.secret = secret
        reasons.append("Secret replaced")
    if active is not None and active != endpoint.active:
        endpoint.active = active
        reasons.append("Switched on" if active else "Switched off")
    check_fields(endpoint, exclude=["created_by"])
    with transaction.atomic():
        history.save(endpoint, user=user, reason="; ".join(reasons))
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(*, user, endpoint: WebhookEndpoint) -> None:
    """Remove an endpoint (moderators) with its delivery log; the history keeps its record."""
    roles.require_moderator(user)
    history.delete(endpoint, user=user)


# Deliveries


def subscribed_endpoints(kind: str) -> list[int]:
    """The ids of the active endpoints subscribed to `kind`: one query on a table of a few
    rows (events are a JSON list, which SQLite cannot search, so they are matched here)."""
    rows = WebhookEndpoint.objects.filter(active=True).values_list("pk", "events")
    return [pk for pk, events in rows if kind in events]


def deliveries_create(change: Change, endpoint_ids: list[int]) -> list[WebhookDelivery]:
    """A delivery of `change` to each endpoint, in the caller's transaction; the worker is
    asked to send them once it commits (nothing is sent if it rolls back)."""
    now = timezone.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(change=change, endpoint_id=pk, next_attempt_at=now) for pk in endpoint_ids
    )
    for delivery in deliveries:
        transaction.on_commit(partial(deliver_webhook.enqueue, delivery.pk, 0), robust=True)
    return deliveries


@task
def deliver_webhook(delivery_id: int, attempts: int) -> None:
    """The background task: one attempt at the delivery, made after `attempts` earlier ones
    (a task left over from before a redelivery finds another count, and does nothing); then
    the stalled deliveries are resumed, so a worker's death mid-attempt heals itself with the
    next delivery."""
    webhook_delivery_attempt(delivery_id, attempts=attempts)
    webhook_deliveries_resume()


def webhook_deliveries_resume(now=None) -> int:
    """Ask the worker again for every pending delivery that is overdue by more than an
    attempt's claim: its attempt was claimed by a worker that died, or its task was never
    queued. Returns how many. Each one asked for is due again from `now`, so it is not asked
    for again (by the next delivery's task, or a second worker) until that claim runs out
    too: a backlog of tasks does not multiply. A delivery asked for twice is still attempted
    once (`webhook_delivery_attempt` claims it with a conditional update)."""
    now = now or timezone.now()
    stalled = WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING, next_attempt_at__lt=now - CLAIMED_FOR
    ).values_list("pk", "attempts", "next_attempt_at")
    resumed = 0
    for delivery_id, attempts, overdue_since in stalled:
        asked = WebhookDelivery.objects.filter(
            pk=delivery_id, attempts=attempts, next_attempt_at=overdue_since
        ).update(next_attempt_at=now)
        if asked:
            deliver_webhook.enqueue(delivery_id, attempts)
            resumed += 1
    return resumed


def webhook_delivery_attempt(
    delivery_id: int, *, attempts: int | None = None, now=None
) -> WebhookDelivery | None:
    """Make the delivery's next attempt if it is due at `now` (and follows `attempts` earlier
    ones, when given); None when it is not (delivered, given up, not yet due, or claimed by
    another worker). Returns the delivery with the attempt logged."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(
        pk=delivery_id, status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
    )
    if attempts is not None:
        due = due.filter(attempts=attempts)
    delivery = due.select_related("change", "endpoint").first()
    if delivery is None:
        return None
    claimed = WebhookDelivery.objects.filter(
        pk=delivery.pk, status=WebhookDelivery.Status.PENDING, attempts=delivery.attempts
    ).update(
        attempts=F("attempts") + 1,
        next_attempt_at=now + CLAIMED_FOR,
    )
    if not claimed:
        return None
    delivery.attempts += 1
    if delivery.endpoint.active:
        outcome = send(delivery)
    else:
        outcome = webhooks.Outcome(None, "The endpoint was switched off before this was sent.")
    log_attempt(delivery, outcome, now=now)
    return delivery


def send(delivery: WebhookDelivery) -> webhooks.Outcome:
    """POST the delivery's change, signed with its endpoint's secret."""
    change = delivery.change
    body = webhooks.body_of(
        event_id=str(change.uuid),
        kind=change.kind,
        created_at=timestamp(change.at),
        data=change.data,
    )
    headers = {
        "X-Factcheck-Event": change.kind,
        "X-Factcheck-Delivery": str(delivery.pk),
        "X-Factcheck-Signature": webhooks.signature(body, delivery.endpoint.secret),
    }
    return webhooks.post(
        delivery.endpoint.url, body, headers, allow_private=settings.WEBHOOK_ALLOW_PRIVATE
    )


def log_attempt(delivery: WebhookDelivery, outcome: webhooks.Outcome, *, now) -> None:
    """Store the attempt's outcome on the delivery: delivered, or the next attempt's time, or
    given up (after MAX_ATTEMPTS, or when the endpoint is off). A redelivery asked for while
    this attempt ran has started the count again, and wins."""
    delivery.last_response_code = outcome.status
    delivery.last_error = outcome.error
    if outcome.delivered:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at, delivery.next_attempt_at = now, None
    elif delivery.attempts >= webhooks.MAX_ATTEMPTS or not delivery.endpoint.active:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.next_attempt_at = now + webhooks.retry_delay(delivery.attempts)
    fields = ["status", "last_response_code", "last_error", "delivered_at", "next_attempt_at"]
    stored = WebhookDelivery.objects.filter(pk=delivery.pk, attempts=delivery.attempts).update(
        **{name: getattr(delivery, name) for name in fields}
    )
    logger.info(
        "Webhook delivery %s, attempt %s to %s: %s",
        delivery.pk,
        delivery.attempts,
        delivery.endpoint.url,
        outcome.error or f"HTTP {outcome.status}",
    )
    if stored and delivery.status == WebhookDelivery.Status.PENDING:
        schedule_retry(delivery)


def schedule_retry(delivery: WebhookDelivery) -> None:
    """Ask the worker for the next attempt at its time. A backend that cannot wait (the
    immediate one of the tests) is not asked: it would spend every attempt at once; the next
    call to `webhook_delivery_attempt` once it is due makes it."""
    if deliver_webhook.get_backend().supports_defer:
        deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(
            delivery.pk, delivery.attempts
        )


@transaction.atomic
def webhook_delivery_redeliver(*, user, delivery: WebhookDelivery) -> None:
    """Send a delivery again now, whatever became of it (moderators): the attempts start
    again from none, with the same retries, the same X-Factcheck-Delivery id and payload."""
    roles.require_moderator(user)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        delivered_at=None,
    )
    transaction.on_commit(partial(deliver_webhook.enqueue, delivery.pk, 0), robust=True)
