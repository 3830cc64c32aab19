"""Checking and storing the links between claims a JSONL import carries (`"type": "link"`
records, as the export writes them after the spans): the two claims are span records of the
same import, named by their `id`, in different articles."""

from annotations.jsonl_records import (
    LineProblem,
    Problems,
    check_types,
    parsed_timestamp,
    raise_if,
)
from annotations.models import ClaimLink
from annotations.services.import_rows import ImportPlan, PlannedSpan, StampedRow

LINK_FIELDS = {
    "type": ((str,), True),
    "span": ((int,), True),
    "other": ((int,), True),
    "relation": ((str,), True),
    "created_by": ((str, None), False),
    "created_at": ((str, None), False),
    "updated_at": ((str, None), False),
}


def plan_link(plan: ImportPlan, record: dict, number: int) -> None:
    raise_if(check_types(record, LINK_FIELDS))
    problems: Problems = []
    ends = []
    for name in ("span", "other"):
        planned = plan.span_refs.get(record[name])
        if planned is None:
            problems.append((name, f"no span record with id {record[name]} on an earlier line"))
        ends.append(planned)
    if record["relation"] not in ClaimLink.Relation.values:
        problems.append(("relation", 'must be "same" or "different"'))
    first, second = ends
    if first is not None and second is not None:
        if first is second:
            problems.append(("other", "a claim cannot be linked to itself"))
        elif same_article(first, second):
            problems.append(("other", "both claims are in the same article"))
    if plan.restore:
        users = {"created_by": plan.person(record.get("created_by"), "created_by", problems)}
    else:
        users = {"created_by": plan.user.get_username()}
    created_at = parsed_timestamp(record, "created_at", problems)
    updated_at = parsed_timestamp(record, "updated_at", problems)
    raise_if(problems)
    pair = frozenset((id(first), id(second)))
    if pair in plan.link_pairs:
        raise LineProblem([("other", "these two claims are linked on an earlier line")])
    plan.link_pairs.add(pair)
    stamped = StampedRow(ClaimLink(relation=record["relation"]), users)
    if plan.restore:
        stamped.created_at, stamped.updated_at = created_at, updated_at
    plan.links.append((stamped, first, second))


def same_article(first: PlannedSpan, second: PlannedSpan) -> bool:
    one, other = first.span.article, second.span.article
    return one is other or (one.pk is not None and one.pk == other.pk)


def link_rows(plan: ImportPlan) -> list[StampedRow]:
    """The links to store, once the spans are: each pair lower id first, leaving out pairs
    already linked (two stored claims the import joined)."""
    rows = []
    for stamped, first, second in plan.links:
        low, high = sorted((first.span, second.span), key=lambda span: span.pk)
        stamped.row.span, stamped.row.other = low, high
        rows.append(stamped)
    stored = set(
        ClaimLink.objects.filter(
            span__in=[stamped.row.span for stamped in rows],
            other__in=[stamped.row.other for stamped in rows],
        ).values_list("span_id", "other_id")
    )
    return [row for row in rows if (row.row.span.pk, row.row.other.pk) not in stored]
