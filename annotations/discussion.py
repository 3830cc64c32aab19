"""A claim's discussion as a viewer is shown it: the comments oldest first, each with its
author and the people it mentions, in a fixed number of queries; under blind review, while
the claim is sealed for the viewer, only how many comments there are (`blind.thread_hidden`).

Read by the claim panel, the API and the admin's claim page.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from annotations import blind
from annotations.models import Comment, Span, unread_person_fields

# Created and updated times are taken a few microseconds apart when a comment is written: a
# comment counts as edited only when it changed later than this.
EDITED_AFTER = datetime.timedelta(seconds=1)


@dataclass(frozen=True, slots=True)
class Thread:
    hidden: bool  # sealed for the viewer: `comments` is then empty
    count: int
    comments: list[Comment]


def with_people(comments: QuerySet[Comment]) -> QuerySet[Comment]:
    """Comments with their `author` and `mention_list` (by username): two queries however
    many comments (one when there are none)."""
    mentioned = get_user_model().objects.only("pk", "username", "first_name", "last_name")
    return (
        comments.select_related("author")
        .defer(*unread_person_fields("author"))
        .prefetch_related(
            Prefetch("mentions", queryset=mentioned.order_by("username"), to_attr="mention_list")
        )
        .order_by("created_at", "id")
    )


def thread(viewer, span: Span) -> Thread:
    """The discussion of `span` as `viewer` is shown it."""
    comments = Comment.objects.filter(span=span)
    if blind.thread_hidden(viewer, span):
        return Thread(hidden=True, count=comments.count(), comments=[])
    shown = list(with_people(comments))
    return Thread(hidden=False, count=len(shown), comments=shown)


def with_comment_counts(spans: QuerySet[Span]) -> QuerySet[Span]:
    """Spans annotated with `comment_count` and `last_comment_at` (None without comments).

    Subqueries rather than a join: lists that count verdicts through a join (the moderation
    queue) would otherwise multiply one count by the other."""
    comments = Comment.objects.filter(span=OuterRef("pk")).order_by()
    counted = comments.values("span").annotate(count=Count("pk")).values("count")
    return spans.annotate(
        comment_count=Coalesce(Subquery(counted), Value(0)),
        last_comment_at=Subquery(comments.order_by("-created_at").values("created_at")[:1]),
    )


def was_edited(comment: Comment) -> bool:
    return comment.updated_at - comment.created_at > EDITED_AFTER
