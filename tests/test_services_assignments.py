"""Assigning articles to reviewers (services/assignments.py): who may, whom, the due date,
how many reviewers an article needs, and the history of each change."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from annotations import roles, services
from annotations.assignments import assignable_reviewers
from annotations.models import Article, Assignment
from tests.factories import AssignmentFactory, EditorFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def test_moderator_assigns_an_editor(moderator, editor, article) -> None:
    assignment, created = services.assignment_set(
        user=moderator, article=article, reviewer=editor, due=in_days(3)
    )

    assert created
    assignment.refresh_from_db()
    assert (assignment.article, assignment.reviewer) == (article, editor)
    assert (assignment.assigned_by, assignment.due) == (moderator, in_days(3))


def test_assigning_is_recorded_in_the_history_with_who_and_why(moderator, editor, article):
    assignment, _ = services.assignment_set(user=moderator, article=article, reviewer=editor)

    record = assignment.history.get()
    assert record.history_type == "+"
    assert record.history_user == moderator
    assert record.history_change_reason == f"Assigned to {editor.get_full_name()}, no due date"


def test_a_moderator_can_be_assigned(moderator, article) -> None:
    other = ModeratorFactory()

    _, created = services.assignment_set(user=moderator, article=article, reviewer=other)

    assert created


def test_assigning_someone_again_gives_them_the_new_due_date(moderator, editor, article):
    services.assignment_set(user=moderator, article=article, reviewer=editor, due=in_days(1))

    assignment, created = services.assignment_set(
        user=moderator, article=article, reviewer=editor, due=in_days(5)
    )

    assert not created
    assert Assignment.objects.get(article=article, reviewer=editor).due == in_days(5)
    assert assignment.history.latest().history_change_reason.startswith("Now due ")


def test_assigning_again_without_a_date_removes_the_due_date(moderator, editor, article):
    services.assignment_set(user=moderator, article=article, reviewer=editor, due=in_days(1))

    services.assignment_set(user=moderator, article=article, reviewer=editor)

    assignment = Assignment.objects.get(article=article, reviewer=editor)
    assert assignment.due is None
    assert assignment.history.latest().history_change_reason == "Now no due date"


def test_assigning_again_unchanged_writes_no_history(moderator, editor, article) -> None:
    services.assignment_set(user=moderator, article=article, reviewer=editor, due=in_days(1))

    services.assignment_set(user=moderator, article=article, reviewer=editor, due=in_days(1))

    assert Assignment.history.count() == 1


def test_editor_cannot_assign(editor, second_editor, article) -> None:
    with pytest.raises(PermissionDenied):
        services.assignment_set(user=editor, article=article, reviewer=second_editor)

    assert not Assignment.objects.exists()


def test_someone_without_a_role_cannot_be_assigned(moderator, outsider, article) -> None:
    with pytest.raises(ValidationError) as error:
        services.assignment_set(user=moderator, article=article, reviewer=outsider)

    assert "reviewer" in error.value.message_dict
    assert not Assignment.objects.exists()


def test_a_deactivated_editor_cannot_be_assigned(moderator, article) -> None:
    gone = EditorFactory(is_active=False)

    with pytest.raises(ValidationError) as error:
        services.assignment_set(user=moderator, article=article, reviewer=gone)

    assert "reviewer" in error.value.message_dict


def test_a_due_date_that_has_passed_is_refused(moderator, editor, article) -> None:
    with pytest.raises(ValidationError) as error:
        services.assignment_set(user=moderator, article=article, reviewer=editor, due=in_days(-1))

    assert "due" in error.value.message_dict
    assert not Assignment.objects.exists()


def test_today_is_a_valid_due_date(moderator, editor, article) -> None:
    assignment, _ = services.assignment_set(
        user=moderator, article=article, reviewer=editor, due=in_days(0)
    )

    assert assignment.due == timezone.localdate()


def test_a_passed_due_date_already_set_may_stay(moderator, editor, article) -> None:
    AssignmentFactory(article=article, reviewer=editor, due=in_days(-2))

    assignment, created = services.assignment_set(
        user=moderator, article=article, reviewer=editor, due=in_days(-2)
    )

    assert not created
    assert assignment.due == in_days(-2)


def test_unassigning_deletes_the_assignment_and_keeps_it_in_the_history(moderator, article):
    assignment = AssignmentFactory(article=article)

    services.assignment_delete(user=moderator, assignment=assignment)

    assert not Assignment.objects.exists()
    record = Assignment.history.latest()
    assert record.history_type == "-"
    assert record.history_user == moderator
    assert record.history_change_reason.startswith("Unassigned ")


def test_editor_cannot_unassign(editor, article) -> None:
    assignment = AssignmentFactory(article=article, reviewer=editor)

    with pytest.raises(PermissionDenied):
        services.assignment_delete(user=editor, assignment=assignment)

    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_new_articles_need_the_number_of_reviewers_the_setting_says(settings, editor):
    settings.FACTCHECK_REVIEWERS_NEEDED = 3

    article = services.article_create(user=editor, title="New", text="Some new text here.")

    assert article.reviewers_needed == 3


def test_moderator_sets_how_many_reviewers_an_article_needs(moderator, article) -> None:
    services.reviewers_needed_set(user=moderator, article=article, reviewers_needed=4)

    article.refresh_from_db()
    assert article.reviewers_needed == 4
    record = article.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        moderator,
        f"Reviewers needed: {Article._meta.get_field('reviewers_needed').get_default()} → 4",
    )


@pytest.mark.parametrize("number", [0, -1, services.MAX_REVIEWERS_NEEDED + 1, True, "2"])
def test_reviewers_needed_must_be_a_whole_number_in_range(moderator, article, number) -> None:
    with pytest.raises(ValidationError) as error:
        services.reviewers_needed_set(user=moderator, article=article, reviewers_needed=number)

    assert "reviewers_needed" in error.value.message_dict


def test_editor_cannot_set_how_many_reviewers_an_article_needs(editor, article) -> None:
    with pytest.raises(PermissionDenied):
        services.reviewers_needed_set(user=editor, article=article, reviewers_needed=5)

    article.refresh_from_db()
    assert article.reviewers_needed != 5


def test_assignable_reviewers_are_those_the_roles_call_editors(moderator, editor, outsider):
    inactive = EditorFactory(is_active=False)
    superuser = UserFactory(is_superuser=True)

    people = [moderator, editor, outsider, inactive, superuser]

    assert set(assignable_reviewers()) == {user for user in people if roles.is_editor(user)}
    assert set(assignable_reviewers()) == {moderator, editor, superuser}
