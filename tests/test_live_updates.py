"""The reader's live-update check (issue 14, point 4): a 304 while nothing changed, the
changed claims otherwise, in one query when unchanged."""

import pytest
from django.urls import reverse

from annotations import services
from annotations.models import Assignment, Change
from tests.factories import ArticleFactory
from tests.helpers import FIRST_SENTENCE, span_over

pytestmark = pytest.mark.django_db


def live(article) -> str:
    return reverse("annotations:article-live", args=[article.pk])


def changed(article, actor, span=None, kind=Change.Kind.VERDICT_SAVED) -> Change:
    return Change.objects.create(
        kind=kind, article=article, actor=actor, span_id=span.pk if span else None
    )


def test_the_reader_page_carries_the_version_it_shows(editor_client, article, second_editor):
    change = changed(article, second_editor)

    page = editor_client.get(reverse("annotations:article-detail", args=[article.pk])).text

    assert f'data-version="{change.pk}"' in page
    assert f'data-live-url="{live(article)}"' in page


def test_nothing_changed_is_a_304(editor_client, article, second_editor):
    change = changed(article, second_editor)

    response = editor_client.get(live(article), headers={"If-None-Match": f'"{change.pk}"'})

    assert response.status_code == 304
    assert response["ETag"] == f'"{change.pk}"'


def test_an_article_without_changes_is_version_0(editor_client, article):
    response = editor_client.get(live(article), headers={"If-None-Match": '"0"'})

    assert response.status_code == 304


def test_a_colleagues_change_names_the_claims_changed(editor_client, article, second_editor):
    before = changed(article, second_editor)
    span = span_over(article, FIRST_SENTENCE)
    after = changed(article, second_editor, span)

    response = editor_client.get(live(article), headers={"If-None-Match": f'"{before.pk}"'})

    assert response.status_code == 200
    assert response.json() == {
        "version": after.pk,
        "by_others": True,
        "spans": [span.pk],
        "assignments": False,
    }


def test_my_own_changes_need_no_redraw(editor_client, editor, article):
    before = changed(article, editor)
    after = changed(article, editor, span_over(article, FIRST_SENTENCE))

    response = editor_client.get(live(article), headers={"If-None-Match": f'"{before.pk}"'})

    assert response.json() == {
        "version": after.pk,
        "by_others": False,
        "spans": [],
        "assignments": False,
    }


def test_changes_to_other_articles_do_not_count(editor_client, article, second_editor):
    mine = changed(article, second_editor)
    changed(ArticleFactory(), second_editor)

    response = editor_client.get(live(article), headers={"If-None-Match": f'"{mine.pk}"'})

    assert response.status_code == 304


def test_the_check_is_never_cached(editor_client, article):
    assert "no-store" in editor_client.get(live(article))["Cache-Control"]


def test_an_unknown_article_is_404(editor_client):
    assert editor_client.get("/articles/999999/live/").status_code == 404


def test_the_check_needs_an_account(client, article):
    assert client.get(live(article)).status_code in (302, 401, 403)


def test_an_unchanged_check_reads_one_query_past_sign_in(
    editor_client, article, second_editor, django_assert_max_num_queries
):
    change = changed(article, second_editor)
    editor_client.get(live(article))  # the session and user are read on every request

    with django_assert_max_num_queries(3):  # session, user, the version
        editor_client.get(live(article), headers={"If-None-Match": f'"{change.pk}"'})


def test_a_never_changed_article_is_checked_in_one_query_past_sign_in(
    editor_client, article, django_assert_max_num_queries
):
    editor_client.get(live(article))

    with django_assert_max_num_queries(3):  # session, user, the version (0) and the article
        response = editor_client.get(live(article), headers={"If-None-Match": '"0"'})

    assert response.status_code == 304


ASSIGNMENT_CHANGES = {
    "assign": lambda moderator, article, reviewer: services.assignment_set(
        user=moderator, article=article, reviewer=reviewer, due=None
    ),
    "unassign": lambda moderator, article, reviewer: services.assignment_delete(
        user=moderator,
        assignment=Assignment.objects.create(article=article, reviewer=reviewer),
    ),
    "reviewers needed": lambda moderator, article, reviewer: services.reviewers_needed_set(
        user=moderator, article=article, reviewers_needed=article.reviewers_needed + 1
    ),
}


@pytest.mark.parametrize("change", ASSIGNMENT_CHANGES)
def test_a_moderators_change_of_reviewers_is_announced_apart_from_claims(
    change, editor_client, article, moderator, second_editor
):
    before = changed(article, second_editor)
    ASSIGNMENT_CHANGES[change](moderator, article, second_editor)

    response = editor_client.get(live(article), headers={"If-None-Match": f'"{before.pk}"'})

    news = response.json()
    assert (news["by_others"], news["spans"], news["assignments"]) == (False, [], True)


def test_the_reviewers_region_is_drawn_alone_for_the_live_update(
    editor_client, article, moderator, second_editor
):
    services.assignment_set(user=moderator, article=article, reviewer=second_editor, due=None)

    response = editor_client.get(reverse("annotations:article-assignments", args=[article.pk]))

    assert response.status_code == 200
    assert 'id="article-assignments"' in response.text
    assert (second_editor.get_full_name() or second_editor.username) in response.text


def test_the_reader_page_says_where_its_reviewers_region_is_drawn(editor_client, article):
    page = editor_client.get(reverse("annotations:article-detail", args=[article.pk])).text

    url = reverse("annotations:article-assignments", args=[article.pk])
    assert f'data-assignments-url="{url}"' in page


def test_a_colleagues_changes_are_read_in_one_query_past_the_version(
    editor_client, article, second_editor, django_assert_max_num_queries
):
    before = changed(article, second_editor)
    changed(article, second_editor, span_over(article, FIRST_SENTENCE))
    editor_client.get(live(article))

    with django_assert_max_num_queries(4):  # session, user, the version, the changes
        editor_client.get(live(article), headers={"If-None-Match": f'"{before.pk}"'})
