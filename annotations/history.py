"""Who changed a row and why, written into django-simple-history's records.

Services save and delete through `save` and `delete` here. The acting user and the reason
reach the history row through simple-history's public `pre_create_historical_record`
signal, so nothing sets the library's private attributes on our models.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import connection, models
from django.dispatch import receiver
from django.utils import timezone
from simple_history.signals import pre_create_historical_record


@dataclass(frozen=True, slots=True)
class Change:
    user: object  # a User, or None for the command line
    reason: str


# The columns a history row adds to the copied row, in the order record_bulk fills them.
HISTORY_STAMPS = ("history_date", "history_type", "history_user", "history_change_reason")
# Ids per statement: within SQLite's oldest limit of 999 parameters, with the four stamps.
BATCH = 990

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
    with recorded(user=user, reason=reason):
        instance.save()


def delete(instance: models.Model, *, user, reason: str = "") -> None:
    with recorded(user=user, reason=reason):
        instance.delete()


def record_bulk(
    model: type[models.Model], pks: list, *, user, reason: str, changed: bool = False
) -> None:
    """History rows for rows of `model` stored in bulk (bulk_create and bulk_update send no
    signals): created ones ("+"), or `changed` ones ("~"), as they are stored now.

    The database copies each row into its history table, one INSERT ... SELECT per BATCH
    rows: simple-history's bulk_history_create builds a model instance per row and compiles
    every value into SQL, which was nearly half of a bulk import's time.
    """
    historical = model.history.model
    quote = connection.ops.quote_name
    tracked = [
        field
        for field in historical._meta.concrete_fields
        if not field.name.startswith("history_")
    ]
    stamps = [historical._meta.get_field(name) for name in HISTORY_STAMPS]
    columns = ", ".join(quote(field.column) for field in [*tracked, *stamps])
    copied = ", ".join(quote(model._meta.get_field(field.name).column) for field in tracked)
    stamp_values = [
        stamps[0].get_db_prep_value(timezone.now(), connection),
        "~" if changed else "+",
        getattr(user, "pk", None),
        reason,
    ]
    pk = quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        for first in range(0, len(pks), BATCH):
            batch = list(pks[first : first + BATCH])
            cursor.execute(
                f"INSERT INTO {quote(historical._meta.db_table)} ({columns}) "
                f"SELECT {copied}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {pk} IN ({', '.join(['%s'] * len(batch))}) ORDER BY {pk}",
                [*stamp_values, *batch],
            )
