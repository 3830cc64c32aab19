"""My work's read model: what is a reviewer's to do, each list one query (and one for its
counts) whatever the data.

- `assigned_articles`: the articles a moderator gave me, each with its claims and how many
  of them I judged;
- `claims_awaiting`: claims still waiting for my verdict, in my assigned articles first;
- `splits`: claims I judged where the reviewers disagree and no moderator has decided yet;
- `mentions`: comments that mention me, newest first;
- `changes_since`: what colleagues changed in my assigned articles since a time (the change
  log, `Change`).

Blind review (annotations/blind.py) holds throughout: a split only counts claims I judged,
which are never sealed for me; a mention on a claim sealed for me is only counted (its
discussion opens once I judge the claim); a change to a claim sealed for me does not name
who made it.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from annotations import blind
from annotations.models import (
    Article,
    Assignment,
    Change,
    Comment,
    Label,
    Span,
    Verdict,
    unread_person_fields,
)

# How many rows each list shows; the counts say how many more there are.
SHOWN = 20
CHANGES_SHOWN = 25


@dataclass(frozen=True, slots=True)
class Listed:
    """The first rows of a list, and how many rows it has in all."""

    rows: list
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def count_of(rows: QuerySet) -> Coalesce:
    """How many of `rows` there are, as a subquery (0 for none); `rows` refer to the outer
    query with OuterRef and are grouped by `article`."""
    counted = rows.order_by().values("article").annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted), 0)


def assigned_articles(user) -> list[Assignment]:
    """My assignments, soonest due first (then those without a date, oldest first), each with
    its `article` and the article's `claim_count` and my `judged_count` (live claims only:
    an orphaned claim is not in the text any more)."""
    claims = Span.objects.filter(article=OuterRef("article"), is_orphaned=False)
    return list(
        Assignment.objects.filter(reviewer=user)
        .select_related("article")
        .defer("article__text")
        .annotate(
            claim_count=count_of(claims),
            judged_count=count_of(claims.filter(verdicts__reviewer=user)),
        )
        .order_by(F("due").asc(nulls_last=True), "created_at", "id")
    )


def mine(user) -> QuerySet[Verdict]:
    """My verdict on the outer query's claim."""
    return Verdict.objects.filter(span=OuterRef("pk"), reviewer=user)


@dataclass(frozen=True, slots=True)
class Awaiting(Listed):
    in_assigned: int  # how many of them are in my assigned articles


def claims_awaiting(user) -> Awaiting:
    """Claims without my verdict that still need verdicts (pending, in the text, in an open
    article): those in my assigned articles first, then by article and place in the text.
    Each has `in_assigned` and its `article`."""
    assigned = Assignment.objects.filter(article=OuterRef("article"), reviewer=user)
    claims = (
        Span.objects.filter(
            is_orphaned=False, state=Span.State.PENDING, article__status=Article.Status.OPEN
        )
        .exclude(Exists(mine(user)))
        .annotate(in_assigned=Exists(assigned))
    )
    # The condition itself, not the annotation's name: Django leaves the annotation out of
    # the aggregate's subquery.
    counts = claims.aggregate(total=Count("pk"), in_assigned=Count("pk", filter=Exists(assigned)))
    rows = (
        claims.select_related("article")
        .only("pk", "quote", "claim", "article", "article__title", "article__language")
        .order_by("-in_assigned", "article_id", "start", "id")[:SHOWN]
    )
    return Awaiting(rows=list(rows), total=counts["total"], in_assigned=counts["in_assigned"])


@dataclass(frozen=True, slots=True)
class Split:
    span: Span  # with its `article`
    mine: Label
    counts: list[tuple[Label, int]]  # the labels given, with how many reviewers gave each


def splits(user) -> Listed:
    """Claims I judged where the reviewers gave different labels and no moderator has decided
    yet, newest first, as `Split`s."""
    claims = (
        Span.objects.filter(is_orphaned=False, state=Span.State.PENDING, final_label="")
        .filter(Exists(mine(user)))
        .annotate(label_kinds=Count("verdicts__label", distinct=True))
        .filter(label_kinds__gt=1)
    )
    rows = (
        claims.with_label_counts()
        .annotate(my_label=Subquery(mine(user).values("label")[:1]))
        .select_related("article")
        .only(
            "pk", "quote", "claim", "created_at", "article", "article__title", "article__language"
        )
        .order_by("-created_at", "-id")[:SHOWN]
    )
    shown = [
        Split(
            span=span,
            mine=Label(span.my_label),
            counts=[
                (label, count)
                for label in Label
                if (count := getattr(span, f"{label.value}_count"))
            ],
        )
        for span in rows
    ]
    return Listed(rows=shown, total=claims.count())


@dataclass(frozen=True, slots=True)
class Mentions(Listed):
    sealed: int  # mentions on claims sealed for me, not shown until I judge them


def mentions(user) -> Mentions:
    """Comments that mention me, newest first, each with its `author` and `span.article`;
    and how many more mention me on claims sealed for me (blind review)."""
    mentioning = Comment.objects.filter(mentions=user)
    sealed = blind.sealed_q(user, span="span", article="span__article")
    counts = mentioning.aggregate(
        visible=Count("pk", filter=~sealed), sealed=Count("pk", filter=sealed)
    )
    rows = (
        blind.visible_comments(mentioning, user)
        .select_related("author", "span__article")
        .defer(*unread_person_fields("author"), "span__article__text")
        .order_by("-created_at", "-id")[:SHOWN]
    )
    return Mentions(rows=list(rows), total=counts["visible"], sealed=counts["sealed"])


# What a change did, as "<who> <words>".
CHANGE_WORDS = {
    Change.Kind.CLAIM_CREATED: "marked a claim",
    Change.Kind.CLAIM_CHANGED: "restated a claim",
    Change.Kind.CLAIM_DELETED: "deleted a claim",
    Change.Kind.VERDICT_SAVED: "gave a verdict on a claim",
    Change.Kind.VERDICT_DELETED: "withdrew a verdict on a claim",
    Change.Kind.CLAIM_SETTLED: "decided on a claim",
    Change.Kind.CLAIM_PUBLISHED: "changed the public fact check of a claim",
    Change.Kind.COMMENT_CREATED: "commented on a claim",
    Change.Kind.COMMENT_CHANGED: "edited or deleted a comment on a claim",
    Change.Kind.CLAIM_LINKED: "linked a claim to one in another article",
    Change.Kind.CLAIM_UNLINKED: "unlinked a claim from one in another article",
    Change.Kind.REVIEWERS_CHANGED: "changed who reviews an article",
}


@dataclass(frozen=True, slots=True)
class ChangeShown:
    """One change as My work tells it."""

    at: datetime.datetime
    who: str  # a person's name, or words for someone not named
    words: str
    span_id: int | None
    quote: str | None  # None when the claim is gone (or the change is not about one)


def shown_change(change: Change) -> ChangeShown:
    if change.sealed:
        who = "A colleague"  # blind review: who judged or discussed it is hidden too
    elif change.actor is None:
        who = "An import or a command"
    else:
        who = change.actor.get_full_name() or change.actor.get_username()
    return ChangeShown(
        at=change.at,
        who=who,
        words=CHANGE_WORDS.get(change.kind, Change.Kind(change.kind).label.lower()),
        span_id=change.span_id,
        quote=change.quote,
    )


@dataclass(frozen=True, slots=True)
class ArticleChanges:
    article: Article
    changes: list[ChangeShown]  # newest first


@dataclass(frozen=True, slots=True)
class Changes(Listed):
    """`rows` are the latest changes by article (`ArticleChanges`), the article changed last
    first; `shown` says how many changes they hold."""

    shown: int

    @property
    def more(self) -> int:
        return self.total - self.shown


def changes_since(user, since: datetime.datetime) -> Changes:
    """What others changed in my assigned articles after `since`, newest first, by article,
    as `ChangeShown`s: on a claim sealed for me (blind review), without saying who."""
    changes = Change.objects.filter(
        article__in=Assignment.objects.filter(reviewer=user).values("article"), at__gt=since
    ).exclude(actor=user)
    quote = Span.objects.filter(pk=OuterRef("span_id")).values("quote")[:1]
    sealed = blind.sealed_q(user, span="span_id", article="article")
    rows = (
        changes.select_related("article", "actor")
        .defer("article__text", "data", *unread_person_fields("actor"))
        .annotate(
            quote=Subquery(quote),
            sealed=ExpressionWrapper(sealed, output_field=BooleanField()),
        )
        .order_by("-id")[:CHANGES_SHOWN]
    )
    by_article: dict[int, ArticleChanges] = {}
    for change in rows:
        group = by_article.setdefault(change.article_id, ArticleChanges(change.article, []))
        group.changes.append(shown_change(change))
    return Changes(rows=list(by_article.values()), total=changes.count(), shown=len(rows))
