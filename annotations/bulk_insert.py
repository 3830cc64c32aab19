"""New rows and history rows written a batch per statement: the bulk import's rows, and the
history row of every service's save (`history.save`).

Why not `bulk_create` and simple-history's `bulk_history_create`: they prepare every value of
every row through its model field, and build a historical model instance per row. For a
2,000-claim import (about 150,000 values) that was 60% of the time. Here each column's
conversion is chosen once per table and applied only where a value needs one (dates, JSON);
text, numbers and booleans go to the driver as they are.

What differs from `bulk_create`: `auto_now`/`auto_now_add` dates are set only where the row
has none (so an import can keep exported times), one `now` for the batch; the rows get their
ids, and are otherwise plain unsaved instances (don't `save()` them afterwards). The tables
are the models' default ones (app label and model name) and their columns their fields'
attribute names; tests/test_bulk_insert.py checks the rows against what `bulk_create` and
`bulk_history_create` store.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain
from operator import attrgetter

from django.apps import apps
from django.db import connection, models
from django.utils import timezone

BATCH_SIZE = 1000
# Fields whose values the database drivers take as they are (str choices included).
PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)


@dataclass(frozen=True)
class Column:
    name: str
    field: models.Field
    convert: Callable | None  # the value as the database takes it; None: as it is


def insert_rows(model: type[models.Model], rows: list[models.Model]) -> list[models.Model]:
    """Insert new rows of `model` and set their ids; related rows must have theirs already."""
    if not rows:
        return rows
    columns = [column for column in table_columns(model) if column.name != "id"]
    fill_in(rows, columns)
    read = row_reader(columns)
    ids = insert(model, columns, [read(row) for row in rows], returning_ids=True)
    for row, pk in zip(rows, ids, strict=True):
        row.pk = pk
    return rows


def insert_history(
    model: type[models.Model],
    rows: list[models.Model],
    *,
    user,
    reason: str | None,
    kind: str = "+",
) -> None:
    """simple-history's rows for `rows` of `model`, created ("+") or changed ("~"): what its
    `bulk_history_create` writes, with one date for the batch."""
    history_model = history_model_of(model)
    stamp = {
        "history_date": timezone.now(),
        "history_change_reason": reason,
        "history_type": kind,
        "history_user_id": user.pk if user is not None else None,
    }
    columns = [column for column in table_columns(history_model) if column.name != "history_id"]
    stamped = [column for column in columns if column.name in stamp]
    tracked = [column for column in columns if column.name not in stamp]
    same_for_all = tuple(stamp[column.name] for column in stamped)
    read = row_reader(tracked)
    values = [same_for_all + read(row) for row in rows]
    insert(history_model, stamped + tracked, values, returning_ids=False)


@cache
def history_model_of(model: type[models.Model]) -> type[models.Model]:
    # Each `Model.history` builds a new manager class (simple-history): looked up once.
    return model.history.model


def fill_in(rows: list[models.Model], columns: list[Column]) -> None:
    """Each row's parents' new ids, taken from the parents, and its automatic dates where it
    has none (one `now` for all)."""
    now = timezone.now()
    parents = [column.field for column in columns if column.field.is_relation]
    automatic = [
        column.name
        for column in columns
        if getattr(column.field, "auto_now", False) or getattr(column.field, "auto_now_add", False)
    ]
    for row in rows:
        for field in parents:
            if getattr(row, field.attname) is None and field.is_cached(row):
                parent = getattr(row, field.name)
                if parent is not None:
                    if parent.pk is None:
                        raise ValueError(f"{field.name} of {row!r} is not saved yet")
                    setattr(row, field.attname, parent.pk)
        for name in automatic:
            if getattr(row, name) is None:
                setattr(row, name, now)


def row_reader(columns: list[Column]) -> Callable[[models.Model], tuple]:
    """A function giving a row's values for the columns, as a tuple (attrgetter reads them
    in C)."""
    read = attrgetter(*(column.name for column in columns))
    return read if len(columns) > 1 else lambda row: (read(row),)


def for_database(columns: list[Column], rows: list[tuple]) -> list[tuple | list]:
    """The rows' values as the database takes them: only dates and JSON need converting."""
    converters = [
        (index, column.convert) for index, column in enumerate(columns) if column.convert
    ]
    if not converters:
        return rows
    converted = []
    for row in rows:
        row = list(row)
        for index, convert in converters:
            if row[index] is not None:
                row[index] = convert(row[index])
        converted.append(row)
    return converted


def insert(model, columns: list[Column], rows: list[tuple], *, returning_ids: bool) -> list[int]:
    """Insert the rows' values (in the order of `columns`); the new ids if asked."""
    names = [column.name for column in columns]
    values = for_database(columns, rows)
    table = table_name(model)
    if connection.vendor == "postgresql":
        return copy_rows(table, names, values, returning_ids=returning_ids)
    quote = connection.ops.quote_name
    max_params = connection.features.max_query_params
    batch_size = min(BATCH_SIZE, max_params // len(names)) if max_params else BATCH_SIZE
    row_placeholder = "(" + ", ".join(["%s"] * len(names)) + ")"
    head = f"INSERT INTO {quote(table)} ({', '.join(quote(name) for name in names)}) VALUES "
    tail = f" RETURNING {quote('id')}" if returning_ids else ""
    ids = []
    with connection.cursor() as cursor:
        for start in range(0, len(values), batch_size):
            batch = values[start : start + batch_size]
            sql = head + ", ".join([row_placeholder] * len(batch)) + tail
            cursor.execute(sql, list(chain.from_iterable(batch)))
            if returning_ids:
                ids.extend(pk for (pk,) in cursor.fetchall())
    return ids


def copy_rows(table: str, names: list[str], values: list[list], *, returning_ids: bool):
    """PostgreSQL: the ids taken from the table's sequence first, then one COPY of the rows
    (psycopg's COPY writes values in C; a multi-row INSERT quotes each one in Python)."""
    quote = connection.ops.quote_name
    ids = []
    with connection.cursor() as cursor:
        if returning_ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [quote(table), len(values)],
            )
            ids = [pk for (pk,) in cursor.fetchall()]
            names = ["id", *names]
            values = [[pk, *row] for pk, row in zip(ids, values, strict=True)]
        columns = ", ".join(quote(name) for name in names)
        # The driver's own COPY: its errors become Django's (IntegrityError...) as in execute.
        copy_sql = f"COPY {quote(table)} ({columns}) FROM STDIN"
        with connection.wrap_database_errors, cursor.copy(copy_sql) as copy:
            for row in values:
                copy.write_row(row)
    return ids


def table_name(model: type[models.Model]) -> str:
    """The default table name Django gives a model: its app's label and its name, lowercase."""
    return f"{apps.get_containing_app_config(model.__module__).label}_{model.__name__.lower()}"


@cache
def table_columns(model: type[models.Model]) -> tuple[Column, ...]:
    """The columns of the model's table, each with the field that fills it."""
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table_name(model))
    return tuple(column_of(model, info.name) for info in description)


def column_of(model: type[models.Model], name: str) -> Column:
    field = getattr(model, name).field
    if isinstance(field, PLAIN_FIELDS) or field.is_relation:
        return Column(name, field, None)

    def convert(value):
        return field.get_db_prep_save(value, connection)

    if isinstance(field, models.DateField):  # DateTimeField too
        # An import's rows mostly share a few times: each is converted once.
        return Column(name, field, lru_cache(maxsize=1024)(convert))
    return Column(name, field, convert)
