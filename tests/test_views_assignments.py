"""The reader's reviewers region: everyone sees who is assigned; moderators assign, unassign
and set how many reviewers the article needs, in place with htmx, errors shown in place."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from annotations.models import Assignment
from tests.factories import AssignmentFactory, EditorFactory
from tests.helpers import signed_in_client

pytestmark = pytest.mark.django_db


def reader(article) -> str:
    return reverse("annotations:article-detail", args=[article.pk])


def assign_url(article) -> str:
    return reverse("annotations:assignment-create", args=[article.pk])


def unassign_url(article, user) -> str:
    return reverse("annotations:assignment-delete", args=[article.pk, user.pk])


def test_everyone_sees_who_is_assigned_and_how_many_are_needed(editor_client, article):
    AssignmentFactory(
        article=article,
        reviewer=EditorFactory(first_name="Ada", last_name="Lovelace"),
        due=datetime.date(2030, 3, 4),
    )

    page = editor_client.get(reader(article)).content.decode()

    assert "Ada Lovelace" in page
    assert "4 Mar 2030" in page
    assert f"1 of {article.reviewers_needed} assigned" in page


def test_editors_are_not_offered_the_forms(editor_client, article) -> None:
    AssignmentFactory(article=article)

    page = editor_client.get(reader(article)).content.decode()

    assert assign_url(article) not in page
    assert "Unassign" not in page


def test_moderators_are_offered_the_editors_to_assign(moderator_client, article, outsider):
    EditorFactory(username="ada", first_name="Ada", last_name="Lovelace")

    page = moderator_client.get(reader(article)).content.decode()

    assert assign_url(article) in page
    assert '<option value="ada">Ada Lovelace</option>' in page
    assert 'value="outsider"' not in page


def test_moderator_assigns_in_place(moderator, article, editor) -> None:
    client = signed_in_client(moderator)
    due = timezone.localdate() + datetime.timedelta(days=3)

    response = client.post(assign_url(article), {"reviewer": "editor", "due": due.isoformat()})

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="article-assignments"')
    assert f"Assigned to {editor.get_full_name()}." in html
    assert Assignment.objects.get(article=article).due == due


def test_choosing_someone_assigned_already_changes_their_due_date(moderator, article, editor):
    AssignmentFactory(article=article, reviewer=editor)
    due = timezone.localdate() + datetime.timedelta(days=1)

    response = signed_in_client(moderator).post(
        assign_url(article), {"reviewer": "editor", "due": due.isoformat()}
    )

    assert "Due date saved for" in response.content.decode()
    assert Assignment.objects.get().due == due


def test_a_form_error_is_shown_in_place_with_400(moderator, article) -> None:
    response = signed_in_client(moderator).post(assign_url(article), {"reviewer": ""})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="article-assignments"' in html
    assert "Choose whom to assign." in html
    assert not Assignment.objects.exists()


def test_someone_without_a_role_is_refused_in_place(moderator, article, outsider) -> None:
    response = signed_in_client(moderator).post(assign_url(article), {"reviewer": "outsider"})

    assert response.status_code == 400
    assert "Choose an editor or a moderator from the list." in response.content.decode()
    assert not Assignment.objects.exists()


def test_a_due_date_that_has_passed_is_refused_in_place(moderator, article, editor) -> None:
    past = timezone.localdate() - datetime.timedelta(days=1)

    response = signed_in_client(moderator).post(
        assign_url(article), {"reviewer": "editor", "due": past.isoformat()}
    )

    assert response.status_code == 400
    assert "This day has passed" in response.content.decode()
    assert not Assignment.objects.exists()


def test_editor_cannot_assign(editor, article, second_editor) -> None:
    response = signed_in_client(editor).post(assign_url(article), {"reviewer": "second_editor"})

    assert response.status_code == 403
    assert "Only moderators can do this." in response.content.decode()
    assert not Assignment.objects.exists()


def test_without_htmx_assigning_returns_to_the_reader(moderator_client, article, editor):
    response = moderator_client.post(assign_url(article), {"reviewer": "editor"})

    assert response.status_code == 302
    assert response["Location"] == reader(article)
    assert Assignment.objects.filter(article=article, reviewer=editor).exists()


def test_without_htmx_a_form_error_comes_back_as_a_message(moderator_client, article):
    response = moderator_client.post(assign_url(article), {"reviewer": ""}, follow=True)

    assert "Choose whom to assign." in response.content.decode()
    assert not Assignment.objects.exists()


def test_moderator_unassigns_in_place(moderator, article, editor) -> None:
    AssignmentFactory(article=article, reviewer=editor)

    response = signed_in_client(moderator).post(unassign_url(article, editor))

    assert response.status_code == 200
    assert f"Unassigned {editor.get_full_name()}." in response.content.decode()
    assert not Assignment.objects.exists()


def test_unassigning_someone_unassigned_already_just_redraws(moderator, article, editor):
    response = signed_in_client(moderator).post(unassign_url(article, editor))

    assert response.status_code == 200
    assert "They were unassigned already." in response.content.decode()


def test_editor_cannot_unassign(editor, article) -> None:
    AssignmentFactory(article=article, reviewer=editor)

    response = signed_in_client(editor).post(unassign_url(article, editor))

    assert response.status_code == 403
    assert Assignment.objects.exists()


def test_moderator_sets_how_many_reviewers_it_needs(moderator, article) -> None:
    url = reverse("annotations:reviewers-needed", args=[article.pk])

    response = signed_in_client(moderator).post(url, {"reviewers_needed": "4"})

    assert response.status_code == 200
    assert "0 of 4 assigned" in response.content.decode()
    article.refresh_from_db()
    assert article.reviewers_needed == 4


@pytest.mark.parametrize("number", ["0", "21", "two", ""])
def test_reviewers_needed_out_of_range_is_refused_in_place(moderator, article, number):
    url = reverse("annotations:reviewers-needed", args=[article.pk])
    before = article.reviewers_needed

    response = signed_in_client(moderator).post(url, {"reviewers_needed": number})

    assert response.status_code == 400
    assert 'class="message message--error"' in response.content.decode()
    article.refresh_from_db()
    assert article.reviewers_needed == before


def test_more_assigned_than_needed_says_so(editor_client, article) -> None:
    AssignmentFactory.create_batch(article.reviewers_needed + 1, article=article)

    page = editor_client.get(reader(article)).content.decode()

    assert f"{article.reviewers_needed + 1} assigned, {article.reviewers_needed} needed" in page


def test_an_overdue_assignment_says_so_in_words(editor_client, article) -> None:
    AssignmentFactory(article=article, due=timezone.localdate() - datetime.timedelta(days=1))

    page = editor_client.get(reader(article)).content.decode()

    assert "overdue" in page


def test_assigning_needs_a_post(moderator_client, article) -> None:
    assert moderator_client.get(assign_url(article)).status_code == 405
