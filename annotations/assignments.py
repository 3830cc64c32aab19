"""Who is assigned to which article, as the article list, the reader, the API and the admin
read it (the writes are in services/assignments.py).

An article's assignees come with it in one query for any number of articles
(`assignees_prefetch`), each with their reviewer, ordered by the reviewer's name.
"""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from annotations import roles
from annotations.models import PERSON_FIELDS_UNREAD, Article, Assignment, unread_person_fields

REVIEWER_ORDER = ("reviewer__first_name", "reviewer__last_name", "reviewer__username")
PERSON_ORDER = ("first_name", "last_name", "username")


def assignments_of(article: Article) -> QuerySet[Assignment]:
    """The article's assignments with their reviewers, by the reviewer's name."""
    return (
        Assignment.objects.filter(article=article)
        .select_related("reviewer")
        .defer(*unread_person_fields("reviewer"))
        .order_by(*REVIEWER_ORDER)
    )


def assignees_prefetch() -> Prefetch:
    """Each article's `assignment_list` (see `assignments_of`), for a list of articles."""
    assignments = (
        Assignment.objects.select_related("reviewer")
        .defer(*unread_person_fields("reviewer"))
        .order_by(*REVIEWER_ORDER)
    )
    return Prefetch("assignments", queryset=assignments, to_attr="assignment_list")


def loaded_assignments(article: Article) -> list[Assignment]:
    """The assignments `assignees_prefetch` loaded, or else read now."""
    if not hasattr(article, "assignment_list"):
        prefetch_related_objects([article], assignees_prefetch())
    return article.assignment_list


def assignable_reviewers() -> QuerySet:
    """Whom a moderator may assign an article to: active editors and moderators, by name."""
    users = get_user_model().objects.defer(*PERSON_FIELDS_UNREAD)
    return roles.with_annotating_role(users).order_by(*PERSON_ORDER)
