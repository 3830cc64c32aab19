"""Reads for the statistics: reviewers' judgements from the database, measured by
annotations.agreement, and the desk's work over a period for the statistics page."""

import datetime
import hashlib
import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Min, QuerySet
from django.db.models.functions import TruncWeek

from annotations.agreement import Agreement, Unit, against_the_rest, agreement, between
from annotations.models import Article, Consensus, Label, Span, Verdict
from annotations.reading import LABELS_GIVEN, display_state

# The states claims show the desk: the statistics count every verdict, so none is hidden
# (blind review hides single claims' verdicts, not the desk's totals).
DESK_STATES = [state for state in Consensus if state != Consensus.HIDDEN]


def claim_judgements(verdicts: QuerySet[Verdict]) -> list[Unit]:
    """Each claim's labels by reviewer's username, in one query."""
    return [unit for units in judgements_by_article(verdicts).values() for unit in units]


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


# The statistics page: the desk's work over a period, all of it read in a fixed number of
# queries whatever the data size.


@dataclass(frozen=True)
class Scope:
    """Which claims and verdicts count: created from `after` to `before` (whole days, both
    included), on articles of one `source` (all when empty)."""

    after: datetime.date | None = None
    before: datetime.date | None = None
    source: str = ""

    def as_json(self) -> dict:
        return {
            "after": _iso(self.after),
            "before": _iso(self.before),
            "source": self.source,
        }

    @classmethod
    def from_json(cls, data: dict) -> "Scope":
        return cls(_date(data["after"]), _date(data["before"]), data["source"])

    @property
    def key(self) -> str:
        """One string per scope (the source is cut to fit; its hash tells sources apart)."""
        digest = hashlib.sha256(self.source.encode()).hexdigest()[:16]
        return f"{_iso(self.after)}/{_iso(self.before)}/{digest}/{self.source[:100]}"

    def _period(self, queryset: QuerySet, field: str) -> QuerySet:
        if self.after is not None:
            queryset = queryset.filter(**{f"{field}__date__gte": self.after})
        if self.before is not None:
            queryset = queryset.filter(**{f"{field}__date__lte": self.before})
        return queryset

    def spans(self) -> QuerySet[Span]:
        spans = self._period(Span.objects.filter(is_orphaned=False), "created_at")
        return spans.filter(article__source=self.source) if self.source else spans

    def verdicts(self) -> QuerySet[Verdict]:
        verdicts = self._period(Verdict.objects.all(), "created_at")
        return verdicts.filter(span__article__source=self.source) if self.source else verdicts


@dataclass(frozen=True)
class Week:
    start: datetime.date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class ReviewerWork:
    username: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class ArticleAgreement:
    article_id: int
    title: str
    agreement: Agreement


@dataclass(frozen=True)
class PairAgreement:
    first: str
    second: str
    agreement: Agreement


@dataclass(frozen=True)
class DeskStatistics:
    weeks: list[Week]
    reviewers: list[ReviewerWork]
    to_first_verdict: datetime.timedelta | None
    to_settlement: datetime.timedelta | None
    overall: Agreement
    articles: list[ArticleAgreement]
    pairs: list[PairAgreement]

    def as_json(self) -> dict:
        """Plain JSON, as a StatisticsSnapshot keeps it; `from_json` gives it back."""
        return {
            "weeks": [[week.start.isoformat(), week.counts] for week in self.weeks],
            "reviewers": [[row.username, row.counts] for row in self.reviewers],
            "to_first_verdict": _seconds(self.to_first_verdict),
            "to_settlement": _seconds(self.to_settlement),
            "overall": self.overall.as_json(),
            "articles": [
                [row.article_id, row.title, row.agreement.as_json()] for row in self.articles
            ],
            "pairs": [[row.first, row.second, row.agreement.as_json()] for row in self.pairs],
        }

    @classmethod
    def from_json(cls, data: dict) -> "DeskStatistics":
        return cls(
            weeks=[
                Week(datetime.date.fromisoformat(start), counts) for start, counts in data["weeks"]
            ],
            reviewers=[ReviewerWork(username, counts) for username, counts in data["reviewers"]],
            to_first_verdict=_delay(data["to_first_verdict"]),
            to_settlement=_delay(data["to_settlement"]),
            overall=Agreement(**data["overall"]),
            articles=[
                ArticleAgreement(article_id, title, Agreement(**measured))
                for article_id, title, measured in data["articles"]
            ],
            pairs=[
                PairAgreement(first, second, Agreement(**measured))
                for first, second, measured in data["pairs"]
            ],
        )


def _iso(day: datetime.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _date(text: str | None) -> datetime.date | None:
    return None if text is None else datetime.date.fromisoformat(text)


def _seconds(delay: datetime.timedelta | None) -> float | None:
    return None if delay is None else delay.total_seconds()


def _delay(seconds: float | None) -> datetime.timedelta | None:
    return None if seconds is None else datetime.timedelta(seconds=seconds)


def weekly_states(scope: Scope) -> list[Week]:
    """Claims created each week (weeks start on Monday), by the state they show now."""
    rows = (
        scope.spans()
        .annotate(week=TruncWeek("created_at"), labels_given=LABELS_GIVEN)
        .order_by()
        .values("week", "final_label", "labels_given")
        .annotate(claims=Count("pk"))
        .values_list("week", "final_label", "labels_given", "claims")
    )
    weeks: dict[datetime.date, dict[str, int]] = {}
    for week, final_label, labels_given, claims in rows:
        counts = weeks.setdefault(week.date(), dict.fromkeys(DESK_STATES, 0))
        counts[display_state(final_label, labels_given)] += claims
    return [Week(start, counts) for start, counts in sorted(weeks.items())]


def reviewer_work(scope: Scope) -> list[ReviewerWork]:
    """Verdicts each reviewer gave, by label; the busiest first."""
    rows = (
        scope.verdicts()
        .order_by()
        .values_list("reviewer__username", "label")
        .annotate(verdicts=Count("pk"))
    )
    work: dict[str, dict[str, int]] = {}
    for username, label, verdicts in rows:
        work.setdefault(username, dict.fromkeys(Label.values, 0))[label] = verdicts
    reviewers = [ReviewerWork(username, counts) for username, counts in work.items()]
    return sorted(reviewers, key=lambda reviewer: (-reviewer.total, reviewer.username))


def median_delay(pairs: Iterable[tuple[datetime.datetime, datetime.datetime]]):
    """The median of `later - earlier` over the pairs, or None without any."""
    delays = sorted(later - earlier for earlier, later in pairs)
    if not delays:
        return None
    middle = len(delays) // 2
    if len(delays) % 2:
        return delays[middle]
    return (delays[middle - 1] + delays[middle]) / 2


def delay_to_first_verdict(scope: Scope) -> datetime.timedelta | None:
    """Median time from a claim's highlight to its first verdict."""
    return median_delay(
        scope.spans()
        .annotate(first_verdict=Min("verdicts__created_at"))
        .filter(first_verdict__isnull=False)
        .values_list("created_at", "first_verdict")
    )


def delay_to_settlement(scope: Scope) -> datetime.timedelta | None:
    """Median time from a claim's highlight to a moderator's final verdict."""
    return median_delay(
        scope.spans()
        .exclude(final_label="")
        .filter(moderated_at__isnull=False)
        .values_list("created_at", "moderated_at")
    )


def judgements_by_article(verdicts: QuerySet[Verdict]) -> dict[int, list[Unit]]:
    """Each article's claims' labels by reviewer, in one query."""
    claims: dict[int, dict[int, dict[str, str]]] = {}
    rows = verdicts.order_by().values_list(
        "span__article_id", "span_id", "reviewer__username", "label"
    )
    for article_id, span_id, reviewer, label in rows.iterator(chunk_size=10_000):
        claims.setdefault(article_id, {}).setdefault(span_id, {})[reviewer] = label
    return {article_id: list(units.values()) for article_id, units in claims.items()}


def article_alphas(verdicts: QuerySet[Verdict]) -> dict[int, float | None]:
    """Each article's Krippendorff's alpha over the given verdicts, in one query."""
    return {
        article_id: agreement(units).alpha
        for article_id, units in judgements_by_article(verdicts).items()
    }


def desk_statistics(scope: Scope) -> DeskStatistics:
    """Everything the statistics page shows, in six queries."""
    by_article = judgements_by_article(scope.verdicts())
    units = [unit for article_units in by_article.values() for unit in article_units]
    titles = dict(Article.objects.filter(pk__in=by_article).values_list("pk", "title"))
    articles = [
        ArticleAgreement(article_id, titles[article_id], agreement(article_units))
        for article_id, article_units in by_article.items()
    ]
    # Lowest agreement first; articles without enough data to say last.
    articles.sort(
        key=lambda row: (row.agreement.alpha is None, row.agreement.alpha or 0, row.title)
    )
    reviewers = sorted({name for unit in units for name in unit})
    pairs = []
    for first, second in itertools.combinations(reviewers, 2):
        measured = between(units, first, second)
        if measured.units:
            pairs.append(PairAgreement(first, second, measured))
    return DeskStatistics(
        weeks=weekly_states(scope),
        reviewers=reviewer_work(scope),
        to_first_verdict=delay_to_first_verdict(scope),
        to_settlement=delay_to_settlement(scope),
        overall=agreement(units),
        articles=articles,
        pairs=pairs,
    )


# How the reviewers of one article compare (the admin's claim page).


@dataclass(frozen=True)
class ArticleReviewer:
    """One reviewer's verdicts on an article's live claims, beside the others' and the
    moderators': `against_the_rest` their agreement with the others' majority label,
    `matches_final` of `settled` the claims settled with the label they gave, and `label_here`
    their label on the claim the page shows ("" if they did not judge it)."""

    username: str
    counts: dict[str, int]
    against_the_rest: Agreement
    settled: int
    matches_final: int
    label_here: str

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def article_reviewers(article_id: int, *, claim: int | None = None) -> list[ArticleReviewer]:
    """Each reviewer of the article's live claims, the busiest first, in one query."""
    rows = Verdict.objects.filter(
        span__article_id=article_id, span__is_orphaned=False
    ).values_list("span_id", "reviewer__username", "label", "span__final_label")
    units: dict[int, dict[str, str]] = {}
    counts: dict[str, dict[str, int]] = {}
    settled: Counter = Counter()
    matches: Counter = Counter()
    for span_id, username, label, final_label in rows:
        units.setdefault(span_id, {})[username] = label
        counts.setdefault(username, dict.fromkeys(Label.values, 0))[label] += 1
        if final_label:
            settled[username] += 1
            matches[username] += label == final_label
    here = units.get(claim, {})
    reviewers = [
        ArticleReviewer(
            username=username,
            counts=by_label,
            against_the_rest=against_the_rest(units.values(), username),
            settled=settled[username],
            matches_final=matches[username],
            label_here=here.get(username, ""),
        )
        for username, by_label in counts.items()
    ]
    return sorted(reviewers, key=lambda reviewer: (-reviewer.total, reviewer.username))
