"""Assignments over the API: /api/articles/{id}/assignments/ (list, assign, change the due
date), /api/articles/{id}/assignments/{username}/ (read, unassign), the article's
`assignees` and `reviewers_needed`, and the article list's `assigned_to_me` filter."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from annotations.models import Article, Assignment
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    EditorFactory,
    SpanFactory,
    UserFactory,
)
from tests.helpers import client_for, results, send

pytestmark = pytest.mark.django_db


def assignments_url(article) -> str:
    return reverse("api:assignment-list", kwargs={"pk": article.pk})


def assignment_url(article, user) -> str:
    return reverse("api:assignment-detail", kwargs={"pk": article.pk, "username": user.username})


def in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


@pytest.fixture
def moderator_api(moderator):
    return client_for(moderator)


def test_moderator_assigns_a_reviewer_with_201_and_location(moderator_api, article, editor):
    response = send(
        moderator_api, "post", assignments_url(article), {"reviewer": "editor", "due": in_days(7)}
    )

    assert response.status_code == 201, response.json()
    assert response.json() == {
        "username": "editor",
        "name": editor.get_full_name(),
        "due": in_days(7),
        "article": article.pk,
        "assigned_by": "moderator",
        "created_at": response.json()["created_at"],
    }
    assert response["Location"].endswith(assignment_url(article, editor))
    assert Assignment.objects.get(article=article).reviewer == editor


def test_the_due_date_is_optional(moderator_api, article, editor) -> None:
    response = send(moderator_api, "post", assignments_url(article), {"reviewer": "editor"})

    assert response.status_code == 201
    assert response.json()["due"] is None


def test_assigning_the_same_reviewer_again_is_200_with_the_new_due_date(
    moderator_api, article, editor
):
    AssignmentFactory(article=article, reviewer=editor, due=None)

    response = send(
        moderator_api, "post", assignments_url(article), {"reviewer": "editor", "due": in_days(2)}
    )

    assert response.status_code == 200
    assert response.json()["due"] == in_days(2)
    assert Assignment.objects.get(article=article).due.isoformat() == in_days(2)


def test_editor_cannot_assign(api_client, article, second_editor) -> None:
    response = send(api_client, "post", assignments_url(article), {"reviewer": "second_editor"})

    assert response.status_code == 403
    assert not Assignment.objects.exists()


def test_someone_without_a_role_is_400_naming_reviewer(moderator_api, article, outsider):
    response = send(moderator_api, "post", assignments_url(article), {"reviewer": "outsider"})

    assert response.status_code == 400
    assert "reviewer" in response.json()
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("username", ["nobody", "bad\x00name", "x" * 151, ""])
def test_an_unknown_username_is_400_naming_reviewer(moderator_api, article, username):
    response = send(moderator_api, "post", assignments_url(article), {"reviewer": username})

    assert response.status_code == 400
    assert "reviewer" in response.json()
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("due", ["tomorrow", "2026-13-01", 20261201, True])
def test_a_bad_date_is_400_naming_due(moderator_api, article, editor, due) -> None:
    response = send(
        moderator_api, "post", assignments_url(article), {"reviewer": "editor", "due": due}
    )

    assert response.status_code == 400
    assert "due" in response.json()
    assert not Assignment.objects.exists()


def test_a_due_date_that_has_passed_is_400_naming_due(moderator_api, article, editor) -> None:
    response = send(
        moderator_api, "post", assignments_url(article), {"reviewer": "editor", "due": in_days(-1)}
    )

    assert response.status_code == 400
    assert "due" in response.json()


def test_an_unknown_field_is_400_naming_it(moderator_api, article, editor) -> None:
    response = send(
        moderator_api, "post", assignments_url(article), {"reviewer": "editor", "deadline": "x"}
    )

    assert response.status_code == 400
    assert response.json() == {"deadline": ["Unknown field."]}
    assert not Assignment.objects.exists()


def test_the_reviewer_is_required(moderator_api, article) -> None:
    response = send(moderator_api, "post", assignments_url(article), {"due": in_days(1)})

    assert response.status_code == 400
    assert "reviewer" in response.json()


def test_a_username_must_be_a_string(moderator_api, article, editor) -> None:
    response = send(moderator_api, "post", assignments_url(article), {"reviewer": editor.pk})

    assert response.status_code == 400
    assert "reviewer" in response.json()


def test_assigning_on_an_unknown_article_is_404(moderator_api, editor) -> None:
    url = reverse("api:assignment-list", kwargs={"pk": 999_999})

    response = send(moderator_api, "post", url, {"reviewer": "editor"})

    assert response.status_code == 404


def test_list_shows_the_assignees_by_name(api_client, article) -> None:
    AssignmentFactory(article=article, reviewer=EditorFactory(first_name="Zoe", username="zoe"))
    AssignmentFactory(article=article, reviewer=EditorFactory(first_name="Ada", username="ada"))

    response = api_client.get(assignments_url(article))

    assert response.status_code == 200
    assert [row["username"] for row in response.json()] == ["ada", "zoe"]


def test_list_rejects_an_unknown_query_parameter(api_client, article) -> None:
    response = api_client.get(assignments_url(article), {"cursor": "x"})

    assert response.status_code == 400
    assert "cursor" in response.json()


def test_one_assignment_reads_by_username(api_client, article, second_editor) -> None:
    AssignmentFactory(article=article, reviewer=second_editor, due=datetime.date(2030, 1, 2))

    response = api_client.get(assignment_url(article, second_editor))

    assert response.status_code == 200
    assert response.json()["due"] == "2030-01-02"


def test_reading_someone_not_assigned_is_404(api_client, article, second_editor) -> None:
    assert api_client.get(assignment_url(article, second_editor)).status_code == 404


def test_moderator_unassigns_with_204_and_the_history_keeps_it(moderator_api, article, editor):
    AssignmentFactory(article=article, reviewer=editor)

    response = moderator_api.delete(assignment_url(article, editor))

    assert response.status_code == 204
    assert not Assignment.objects.exists()
    assert Assignment.history.latest().history_type == "-"


def test_editor_cannot_unassign(api_client, article, editor) -> None:
    AssignmentFactory(article=article, reviewer=editor)

    response = api_client.delete(assignment_url(article, editor))

    assert response.status_code == 403
    assert Assignment.objects.exists()


@pytest.mark.parametrize("username", ["nobody", "bad%00name"])
def test_unassigning_someone_not_assigned_is_404(moderator_api, article, username) -> None:
    url = reverse("api:assignment-list", kwargs={"pk": article.pk}) + f"{username}/"

    assert moderator_api.delete(url).status_code == 404


def test_an_article_shows_its_assignees_and_how_many_reviewers_it_needs(api_client, article):
    AssignmentFactory(
        article=article,
        reviewer=EditorFactory(username="ada", first_name="Ada", last_name="Lovelace"),
        due=datetime.date(2030, 5, 1),
    )

    row = api_client.get(reverse("api:article-detail", kwargs={"pk": article.pk})).json()

    assert row["assignees"] == [{"username": "ada", "name": "Ada Lovelace", "due": "2030-05-01"}]
    assert row["reviewers_needed"] == article.reviewers_needed


def test_an_imported_article_has_no_assignees_yet(api_client) -> None:
    response = send(api_client, "post", reverse("api:article-list"), {"title": "T", "text": "X."})

    assert response.status_code == 201
    assert response.json()["assignees"] == []


def _articles_with_assignees(count: int) -> None:
    for _ in range(count):
        article = ArticleFactory()
        AssignmentFactory.create_batch(2, article=article)


def test_the_article_list_reads_assignees_in_one_query_for_any_number_of_rows(
    api_client, django_assert_num_queries
):
    _articles_with_assignees(2)
    # The token with its user, the page of articles, their assignees with their reviewers.
    with django_assert_num_queries(3) as small:
        api_client.get(reverse("api:article-list"))
    _articles_with_assignees(10)

    with django_assert_num_queries(len(small.captured_queries)):
        rows = results(api_client.get(reverse("api:article-list")))

    assert len(rows) == 12
    assert all(len(row["assignees"]) == 2 for row in rows)


def test_assigned_to_me_filters_the_article_list(api_client, editor) -> None:
    mine = AssignmentFactory(reviewer=editor).article
    AssignmentFactory()  # someone else's

    rows = results(api_client.get(reverse("api:article-list"), {"assigned_to_me": "true"}))

    assert [row["id"] for row in rows] == [mine.pk]


def test_assigned_to_me_false_lists_the_others(api_client, editor) -> None:
    AssignmentFactory(reviewer=editor)
    other = AssignmentFactory().article

    rows = results(api_client.get(reverse("api:article-list"), {"assigned_to_me": "false"}))

    assert [row["id"] for row in rows] == [other.pk]


def test_assigned_to_me_must_be_true_or_false(api_client) -> None:
    response = api_client.get(reverse("api:article-list"), {"assigned_to_me": "maybe"})

    assert response.status_code == 400
    assert "assigned_to_me" in response.json()


def test_spans_filter_by_their_articles_being_assigned_to_me(api_client, editor) -> None:
    mine = SpanFactory(article=AssignmentFactory(reviewer=editor).article)
    SpanFactory()

    rows = results(api_client.get(reverse("api:span-list"), {"article_assigned_to_me": "true"}))

    assert [row["id"] for row in rows] == [mine.pk]


def test_moderator_patches_how_many_reviewers_an_article_needs(moderator_api, article) -> None:
    response = send(
        moderator_api,
        "patch",
        reverse("api:article-detail", kwargs={"pk": article.pk}),
        {"reviewers_needed": 3},
    )

    assert response.status_code == 200
    assert response.json()["reviewers_needed"] == 3
    article.refresh_from_db()
    assert article.reviewers_needed == 3


def test_editor_cannot_change_how_many_reviewers_an_article_needs(api_client, article) -> None:
    response = send(
        api_client,
        "patch",
        reverse("api:article-detail", kwargs={"pk": article.pk}),
        {"title": "Renamed", "reviewers_needed": article.reviewers_needed + 1},
    )

    assert response.status_code == 403
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.reviewers_needed) == (article.title, article.reviewers_needed)


def test_editor_may_send_back_the_number_unchanged(api_client, article) -> None:
    response = send(
        api_client,
        "patch",
        reverse("api:article-detail", kwargs={"pk": article.pk}),
        {"title": "Renamed", "reviewers_needed": article.reviewers_needed},
    )

    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).title == "Renamed"


@pytest.mark.parametrize("number", [0, 21, "2", None])
def test_reviewers_needed_out_of_range_is_400_naming_it(moderator_api, article, number):
    response = send(
        moderator_api,
        "patch",
        reverse("api:article-detail", kwargs={"pk": article.pk}),
        {"reviewers_needed": number},
    )

    assert response.status_code == 400
    assert "reviewers_needed" in response.json()


def test_outsider_cannot_assign(article, editor) -> None:
    client = client_for(UserFactory(username="nobody_in_particular"))

    response = send(client, "post", assignments_url(article), {"reviewer": "editor"})

    assert response.status_code == 403
