"""Assignments: a moderator gives an article to reviewers, perhaps by a date, and says how
many reviewers it needs. Only moderators assign; only editors and moderators are assigned.

Each change writes a `Change` of kind REVIEWERS_CHANGED, so the readers open on the article
redraw its reviewers (it is no webhook event); the assignment's history records who assigned
whom and when.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone

from annotations import history, roles
from annotations.models import Article, Assignment, Change
from annotations.services.changes import record_change

# More would be a typing mistake: a desk rarely has more reviewers than this for one article.
MAX_REVIEWERS_NEEDED = 20


def name_of(user) -> str:
    return user.get_full_name() or user.get_username()


def require_reviewer(reviewer) -> None:
    """Only someone who can judge claims can be given an article (ValidationError on
    `reviewer` otherwise, so a form or the API shows it beside the field)."""
    if not roles.is_editor(reviewer):
        raise ValidationError(
            {
                "reviewer": f"{reviewer.get_username()} is not an editor or a moderator, so "
                "they cannot review articles."
            }
        )


def check_due(due: datetime.date | None) -> None:
    if due is not None and due < timezone.localdate():
        raise ValidationError({"due": "This day has passed: choose today or a later day."})


def lock_article(article: Article) -> None:
    """Parent first: writes to one article's assignments wait for each other here."""
    Article.objects.select_for_update().only("pk").get(pk=article.pk)


def record_reviewers_change(article: Article, *, user) -> None:
    """The change log's row: the readers open on the article redraw its reviewers."""
    record_change(Change.Kind.REVIEWERS_CHANGED, article_id=article.pk, actor=user)


def due_text(due: datetime.date | None) -> str:
    return f"due {formats.date_format(due)}" if due else "no due date"


@transaction.atomic
def assignment_set(
    *, user, article: Article, reviewer, due: datetime.date | None = None
) -> tuple[Assignment, bool]:
    """Assign the article to `reviewer`, due on `due` (None: no date). If they are assigned
    already, their assignment takes this due date. Returns the assignment and whether it is
    new. A due date that has passed is refused unless it is the one already set."""
    roles.require_moderator(user)
    require_reviewer(reviewer)
    lock_article(article)
    assignment = Assignment.objects.filter(article=article, reviewer=reviewer).first()
    if assignment is None:
        check_due(due)
        assignment = Assignment(article=article, reviewer=reviewer, assigned_by=user, due=due)
        reason = f"Assigned to {name_of(reviewer)}, {due_text(due)}"
        history.save(assignment, user=user, reason=reason)
        record_reviewers_change(article, user=user)
        return assignment, True
    if assignment.due != due:
        check_due(due)
        assignment.due = due
        history.save(assignment, user=user, reason=f"Now {due_text(due)}")
        record_reviewers_change(article, user=user)
    return assignment, False


@transaction.atomic
def assignment_delete(*, user, assignment: Assignment) -> None:
    """Take the article back from its reviewer; the history keeps the assignment."""
    roles.require_moderator(user)
    lock_article(assignment.article)
    history.delete(assignment, user=user, reason=f"Unassigned {name_of(assignment.reviewer)}")
    record_reviewers_change(assignment.article, user=user)


@transaction.atomic
def reviewers_needed_set(*, user, article: Article, reviewers_needed: int) -> Article:
    """How many reviewers the article needs (moderators; 1 to MAX_REVIEWERS_NEEDED)."""
    roles.require_moderator(user)
    if (
        isinstance(reviewers_needed, bool)
        or not isinstance(reviewers_needed, int)
        or not 1 <= reviewers_needed <= MAX_REVIEWERS_NEEDED
    ):
        raise ValidationError(
            {"reviewers_needed": f"Give a whole number from 1 to {MAX_REVIEWERS_NEEDED}."}
        )
    if reviewers_needed != article.reviewers_needed:
        before = article.reviewers_needed
        article.reviewers_needed = reviewers_needed
        reason = f"Reviewers needed: {before} → {reviewers_needed}"
        history.save(article, user=user, reason=reason)
        record_reviewers_change(article, user=user)
    return article
