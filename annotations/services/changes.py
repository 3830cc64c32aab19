"""The change log: each write to an article's claims records a Change in its own transaction.

The reader's live updates ask for the changes since the last they saw; webhooks deliver the
kinds they subscribe to. A rolled-back write rolls its Change (and its deliveries) back with
it, and a committed one always has its Change.

A write pays one INSERT for its Change, and for a kind endpoints may subscribe to one query
for the endpoints that do. Only when one does is the object rendered in its API
representation (`Change.data`, a few queries) and a delivery written per endpoint.
"""

from collections.abc import Iterable

from annotations.api.payloads import change_data
from annotations.claim_index import index_later
from annotations.models import Change
from annotations.services.webhooks import SUBSCRIBABLE, deliveries_create, subscribed_endpoints

# Changes to what a claim is found by (its words, its verdicts' rationales).
INDEXED = (
    Change.Kind.CLAIM_CREATED,
    Change.Kind.CLAIM_CHANGED,
    Change.Kind.VERDICT_SAVED,
    Change.Kind.VERDICT_DELETED,
)


def record_change(
    kind: Change.Kind,
    *,
    article_id: int,
    actor=None,
    span_id: int | None = None,
    object_id: int | None = None,
    deliver: bool = True,
) -> Change:
    """Record that `kind` happened to the article (and its claim `span_id`), done by `actor`
    (None for the command line). Call it inside the service's transaction, once the object
    is written (or, for a deletion, before it is deleted): `object_id` names the verdict of
    a verdict's change, or the comment of a comment's (the claim's changes need none), or the
    link of a link's. `deliver=False` records it for the live updates only: a change recorded
    in two articles is one event for webhooks."""
    endpoints = subscribed_endpoints(kind) if deliver and kind in SUBSCRIBABLE else []
    data = {}
    if endpoints:
        data = change_data(
            kind, span_id=span_id, object_id=object_id, actor_id=actor.pk if actor else None
        )
    change = Change.objects.create(
        kind=kind, article_id=article_id, span_id=span_id, actor=actor, data=data
    )
    if endpoints:
        deliveries_create(change, endpoints)
    if span_id is not None and kind in INDEXED:
        index_later([span_id])
    return change


def record_article_changes(article_ids: Iterable[int], *, actor=None) -> list[Change]:
    """One CLAIM_CHANGED per article, in one INSERT: what a bulk import records of the
    articles it stored claims in. It tells the live updates to redraw those articles; it is
    no event for webhooks (thousands of claims in one request are not news one by one)."""
    return Change.objects.bulk_create(
        Change(kind=Change.Kind.CLAIM_CHANGED, article_id=pk, actor=actor)
        for pk in dict.fromkeys(article_ids)
    )
