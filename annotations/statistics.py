"""Reads for the statistics: reviewers' judgements from the database, measured by
annotations.agreement."""

import datetime

from django.db.models import QuerySet

from annotations.agreement import Agreement, Unit, against_the_rest, agreement, between
from annotations.models import Verdict


def claim_judgements(verdicts: QuerySet[Verdict]) -> list[Unit]:
    """Each claim's labels by reviewer's username, in one query."""
    units: dict[int, dict[str, str]] = {}
    rows = verdicts.order_by().values_list("span_id", "reviewer__username", "label")
    for span_id, reviewer, label in rows.iterator(chunk_size=10_000):
        units.setdefault(span_id, {})[reviewer] = label
    return list(units.values())


def reviewer_agreement(
    *,
    article: int | None = None,
    reviewer: str | None = None,
    pair: tuple[str, str] | None = None,
    created_after: datetime.datetime | None = None,
    created_before: datetime.datetime | None = None,
) -> Agreement:
    """Agreement over the verdicts given in a period (on one article): among all reviewers,
    of one reviewer against the rest, or between a pair."""
    verdicts = Verdict.objects.all()
    if article is not None:
        verdicts = verdicts.filter(span__article_id=article)
    if created_after is not None:
        verdicts = verdicts.filter(created_at__gte=created_after)
    if created_before is not None:
        verdicts = verdicts.filter(created_at__lt=created_before)
    units = claim_judgements(verdicts)
    if pair is not None:
        return between(units, *pair)
    if reviewer is not None:
        return against_the_rest(units, reviewer)
    return agreement(units)
