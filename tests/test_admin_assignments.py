"""Assignments in the admin: the reviewers inline on an article's page (saved through the
services, with history), how many reviewers it needs, and the list's column and filter."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from annotations import services
from annotations.models import Assignment
from tests.factories import ArticleFactory, AssignmentFactory, EditorFactory

pytestmark = pytest.mark.django_db


def change_url(article) -> str:
    return reverse("admin:annotations_article_change", args=[article.pk])


def management(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def article_data(article, *, assignments: list[dict], initial: int = 0, **changes) -> dict:
    """The article's change form as the admin sends it, with these assignment rows."""
    data = {
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "byline": article.byline,
        "published": "",
        "language": article.language,
        "status": article.status,
        "reviewers_needed": article.reviewers_needed,
        **management("spans", 0, 0),
        **management("assignments", len(assignments), initial),
    }
    for number, row in enumerate(assignments):
        data.update({f"assignments-{number}-{name}": value for name, value in row.items()})
    return data | changes


def test_the_article_page_lists_its_reviewers(moderator_client, article) -> None:
    AssignmentFactory(article=article, reviewer=EditorFactory(first_name="Ada"))

    page = moderator_client.get(change_url(article)).content.decode()

    assert "Reviewers assigned" in page
    assert "Ada" in page


def test_a_reviewer_added_in_the_admin_is_assigned_through_the_service(
    moderator, moderator_client, article, editor
):
    due = timezone.localdate() + datetime.timedelta(days=4)
    row = {"article": article.pk, "reviewer": editor.pk, "due": due.isoformat()}

    response = moderator_client.post(change_url(article), article_data(article, assignments=[row]))

    assert response.status_code == 302
    assignment = Assignment.objects.get(article=article)
    assert (assignment.reviewer, assignment.due) == (editor, due)
    assert assignment.assigned_by == moderator
    record = assignment.history.get()
    assert record.history_user == moderator
    assert record.history_change_reason.startswith("Assigned to ")


def test_a_reviewer_removed_in_the_admin_is_unassigned_with_history(
    moderator, moderator_client, article
):
    assignment = AssignmentFactory(article=article)
    row = {
        "id": assignment.pk,
        "article": article.pk,
        "reviewer": assignment.reviewer.pk,
        "due": "",
        "DELETE": "on",
    }

    response = moderator_client.post(
        change_url(article), article_data(article, assignments=[row], initial=1)
    )

    assert response.status_code == 302
    assert not Assignment.objects.exists()
    assert Assignment.history.get(history_type="-").history_user == moderator


def test_another_reviewer_in_a_row_unassigns_the_first(moderator_client, article) -> None:
    assignment = AssignmentFactory(article=article)
    other = EditorFactory()
    row = {"id": assignment.pk, "article": article.pk, "reviewer": other.pk, "due": ""}

    response = moderator_client.post(
        change_url(article), article_data(article, assignments=[row], initial=1)
    )

    assert response.status_code == 302
    assert [a.reviewer for a in Assignment.objects.filter(article=article)] == [other]


def test_someone_without_a_role_cannot_be_chosen(moderator_client, article, outsider) -> None:
    row = {"article": article.pk, "reviewer": outsider.pk, "due": ""}

    response = moderator_client.post(change_url(article), article_data(article, assignments=[row]))

    assert response.status_code == 200
    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Assignment
    ]
    assert "reviewer" in formset.errors[0]
    assert not Assignment.objects.exists()


def test_a_due_date_that_has_passed_is_a_form_error(moderator_client, article, editor) -> None:
    past = timezone.localdate() - datetime.timedelta(days=1)
    row = {"article": article.pk, "reviewer": editor.pk, "due": past.isoformat()}

    response = moderator_client.post(change_url(article), article_data(article, assignments=[row]))

    assert response.status_code == 200
    assert "This day has passed" in response.content.decode()
    assert not Assignment.objects.exists()


def test_reviewers_needed_is_changed_through_its_service(moderator, moderator_client, article):
    before = article.reviewers_needed

    response = moderator_client.post(
        change_url(article), article_data(article, assignments=[], reviewers_needed=5)
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.reviewers_needed == 5
    record = article.history.latest()
    assert (record.history_user, record.history_change_reason) == (
        moderator,
        f"Reviewers needed: {before} → 5",
    )


def test_the_article_list_shows_who_is_assigned(moderator_client) -> None:
    article = ArticleFactory(reviewers_needed=3)
    AssignmentFactory(article=article, reviewer=EditorFactory(first_name="Ada", last_name="B"))

    page = moderator_client.get(reverse("admin:annotations_article_changelist")).content.decode()

    assert "Ada B (1 of 3)" in page


def test_the_article_list_filters_by_assignee(moderator_client, editor) -> None:
    mine = AssignmentFactory(reviewer=editor).article
    AssignmentFactory()
    nobodys = ArticleFactory()
    url = reverse("admin:annotations_article_changelist")

    by_editor = moderator_client.get(url, {"assigned_to": editor.pk})
    by_nobody = moderator_client.get(url, {"assigned_to": "nobody"})

    assert list(by_editor.context["cl"].result_list) == [mine]
    assert list(by_nobody.context["cl"].result_list) == [nobodys]


def test_the_article_page_shows_who_assigned_whom_and_when(moderator, moderator_client, article):
    reviewer = EditorFactory(first_name="Ada", last_name="Lovelace")
    assignment, _ = services.assignment_set(user=moderator, article=article, reviewer=reviewer)
    services.assignment_delete(user=moderator, assignment=assignment)

    page = moderator_client.get(change_url(article)).content.decode()

    assert "Assigned to Ada Lovelace, no due date" in page
    assert "Unassigned Ada Lovelace" in page
