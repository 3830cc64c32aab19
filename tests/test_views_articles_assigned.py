"""The article list's reviewers: the "Assigned" column and the "Assigned to me" filter."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import ArticleFactory, AssignmentFactory, EditorFactory, SpanFactory
from tests.helpers import streamed

pytestmark = pytest.mark.django_db

LIST_URL = reverse("annotations:article-list")


def test_the_column_names_the_assignees_with_due_dates_and_the_number_needed(editor_client):
    article = ArticleFactory(reviewers_needed=3)
    AssignmentFactory(
        article=article,
        reviewer=EditorFactory(first_name="Ada", last_name="Lovelace"),
        due=datetime.date(2030, 12, 1),
    )
    AssignmentFactory(article=article, reviewer=EditorFactory(first_name="Grace", last_name=""))

    page = editor_client.get(LIST_URL).content.decode()

    assert "Ada Lovelace" in page
    assert "1 Dec 2030" in page
    assert "Grace" in page
    assert "2 of 3 assigned" in page


def test_the_column_marks_my_own_assignment(editor, editor_client) -> None:
    AssignmentFactory(reviewer=editor)

    assert f"{editor.get_full_name()} (you)" in editor_client.get(LIST_URL).content.decode()


def test_an_overdue_assignment_says_so_in_words(editor_client) -> None:
    AssignmentFactory(due=timezone.localdate() - datetime.timedelta(days=3))

    assert "overdue" in editor_client.get(LIST_URL).content.decode()


def test_an_article_nobody_is_assigned_to_says_none_of_the_needed(editor_client) -> None:
    article = ArticleFactory(reviewers_needed=2)

    response = editor_client.get(LIST_URL)

    assert article in response.context["page"]
    assert "0 of 2 assigned" in response.content.decode()


def test_assigned_to_me_lists_only_my_articles(editor, editor_client) -> None:
    mine = AssignmentFactory(reviewer=editor).article
    AssignmentFactory()
    ArticleFactory()

    response = editor_client.get(LIST_URL, {"assigned_to_me": "true"})

    assert list(response.context["page"]) == [mine]
    assert 'name="assigned_to_me" value="true" checked' in response.content.decode()


def test_the_downloads_follow_the_assigned_to_me_filter(editor, editor_client) -> None:
    mine = SpanFactory(article=AssignmentFactory(reviewer=editor).article)
    SpanFactory()

    page = editor_client.get(LIST_URL, {"assigned_to_me": "true"}).content.decode()
    export = f"{reverse('api:export-spans')}?article_assigned_to_me=true"

    assert f'href="{export}"' in page
    records = [json.loads(line) for line in streamed(editor_client.get(export)).splitlines()]
    assert [record["id"] for record in records if record["type"] == "span"] == [mine.pk]


def _queries(client, articles: int) -> int:
    for _ in range(articles):
        AssignmentFactory.create_batch(2, article=ArticleFactory())
    with CaptureQueriesContext(connection) as queries:
        client.get(LIST_URL)
    return len(queries)


def test_the_column_costs_one_query_for_the_whole_page(editor_client) -> None:
    assert _queries(editor_client, 2) == _queries(editor_client, 10)
