"""Who changed a row and why, written into django-simple-history's records.

Services save and delete through `save` and `delete` here. `save` writes the history row
itself (see there); for deletes, and for saves made elsewhere (the admin), simple-history
writes it, and the acting user and the reason reach it through the library's public
`pre_create_historical_record` signal, so nothing sets its private attributes on our models.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import models
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record

from annotations import bulk_insert
from annotations.models import Comment

# Models whose history rows also record many-to-many fields (a comment's mentions).
WITH_MANY_TO_MANY_HISTORY = (Comment,)


@dataclass(frozen=True, slots=True)
class Change:
    user: object  # a User, or None for the command line
    reason: str


_current_change: ContextVar[Change | None] = ContextVar("current_change", default=None)


@contextmanager
def recorded(*, user, reason: str = "") -> Iterator[None]:
    """History rows written inside this block name `user` and `reason`."""
    token = _current_change.set(Change(user, reason))
    try:
        yield
    finally:
        _current_change.reset(token)


@receiver(pre_create_historical_record)
def stamp_history_row(sender, history_instance, **kwargs) -> None:
    change = _current_change.get()
    if change is not None:
        history_instance.history_user = change.user
        history_instance.history_change_reason = change.reason or None


def save(instance: models.Model, *, user, reason: str = "") -> None:
    """Save the row and write its history row, created ("+") or changed ("~"), naming `user`
    and `reason`. The history row is written as the bulk import writes them
    (`bulk_insert.insert_history`): simple-history's own post_save handler builds a manager
    class for every row it records, a fifth of a labelled claim's CPU time. A model whose history
    also records many-to-many fields keeps the library's handler, which snapshots them."""
    if isinstance(instance, WITH_MANY_TO_MANY_HISTORY):
        with recorded(user=user, reason=reason):
            instance.save()
        return
    created = instance.pk is None
    instance.save_without_historical_record()
    bulk_insert.insert_history(
        type(instance), [instance], user=user, reason=reason or None, kind="+" if created else "~"
    )


def delete(instance: models.Model, *, user, reason: str = "") -> None:
    with recorded(user=user, reason=reason):
        instance.delete()


def record_bulk(
    model: type[models.Model], rows: list, *, user, reason: str, changed: bool = False
) -> None:
    """History rows for rows of `model` stored in bulk (bulk inserts and updates send no
    signals): created ones ("+"), or `changed` ones ("~")."""
    bulk_insert.insert_history(model, rows, user=user, reason=reason, kind="~" if changed else "+")
