"""Index hygiene on the tables every click writes: each index earns its upkeep.

An index whose columns lead another index is never needed for reading (the longer one serves
the same lookups) but is written on every insert; history rows are read by the object they
record (`id`), by date and by author, never by the objects they point at.
"""

import pytest
from django.db import connection

from annotations.models import Change, Evidence, Span, Verdict

pytestmark = pytest.mark.django_db

WRITTEN_ON_EVERY_CLICK = [Span, Verdict, Evidence, Change]


def indexes(model) -> list[tuple[tuple[str, ...], bool]]:
    """(columns, unique) of each full index on the model's table, the primary key's included
    (a partial index, such as the live spans' unique range, serves only queries of its rows)."""
    partial = {
        constraint.name
        for constraint in model._meta.constraints
        if getattr(constraint, "condition", None) is not None
    }
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return [
        (tuple(info["columns"]), bool(info["unique"]))
        for name, info in constraints.items()
        if (info["index"] or info["unique"] or info["primary_key"]) and name not in partial
    ]


@pytest.mark.parametrize("model", WRITTEN_ON_EVERY_CLICK, ids=lambda model: model.__name__)
def test_no_index_only_repeats_the_lead_of_another(model) -> None:
    found = indexes(model)
    redundant = [
        columns
        for columns, unique in found
        if not unique
        and any(other[: len(columns)] == columns and other != columns for other, _ in found)
    ]
    assert redundant == []


@pytest.mark.parametrize("model", [Span, Verdict, Evidence], ids=lambda model: model.__name__)
def test_history_rows_are_indexed_by_object_date_and_author_only(model) -> None:
    indexed = {columns for columns, _ in indexes(model.history.model)}
    assert indexed == {("history_id",), ("id",), ("history_date",), ("history_user_id",)}


@pytest.mark.parametrize(
    ("model", "column"),
    [(Span, "article_id"), (Verdict, "span_id"), (Change, "article_id"), (Evidence, "verdict_id")],
)
def test_each_parent_lookup_is_still_served_by_an_index(model, column) -> None:
    leading = [columns[0] for columns, _ in indexes(model)]
    assert column in leading
