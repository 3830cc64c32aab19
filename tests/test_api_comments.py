"""The discussion over the API: GET/POST /api/spans/{id}/comments/ and
GET/PATCH/DELETE /api/comments/{id}/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations import services
from annotations.models import Change, Comment, Span
from tests.factories import CommentFactory, EditorFactory
from tests.helpers import FIRST_SENTENCE, client_for, results, send, span_over

pytestmark = pytest.mark.django_db


@pytest.fixture
def span(article) -> Span:
    return span_over(article, FIRST_SENTENCE)


@pytest.fixture
def comment(span, editor) -> Comment:
    return services.comment_create(user=editor, span=span, text="The office says 4.4 percent.")


def thread_url(span: Span) -> str:
    return reverse("api:span-comments", args=[span.pk])


def comment_url(comment: Comment) -> str:
    return reverse("api:comment-detail", args=[comment.pk])


# Reading


def test_thread_lists_comments_oldest_first(api_client, span, editor, second_editor) -> None:
    services.comment_create(user=editor, span=span, text="First.")
    services.comment_create(user=second_editor, span=span, text="Second.")

    rows = results(api_client.get(thread_url(span)))

    assert [row["text"] for row in rows] == ["First.", "Second."]


def test_thread_shows_each_comment_with_its_author_and_mentions(
    api_client, span, editor, second_editor
) -> None:
    editor.first_name, editor.last_name = "Ada", "Lovelace"
    editor.save()
    made = services.comment_create(user=editor, span=span, text="@second_editor see the table")

    (row,) = results(api_client.get(thread_url(span)))

    assert row["id"] == made.pk
    assert row["span"] == span.pk
    assert row["article"] == span.article_id
    assert (row["author"], row["author_name"]) == ("editor", "Ada Lovelace")
    assert row["mentions"] == ["second_editor"]
    assert row["api_url"] == f"http://testserver/api/comments/{made.pk}/"
    assert row["html_url"] == f"http://testserver/spans/{span.pk}/#comment-{made.pk}"
    assert row["created_at"].endswith("Z")
    assert row["updated_at"].endswith("Z")


def test_thread_names_an_author_without_a_full_name_by_username(api_client, span) -> None:
    CommentFactory(span=span, author=EditorFactory(username="nameless", first_name=""))

    (row,) = results(api_client.get(thread_url(span)))

    assert row["author_name"] == "nameless"


def test_thread_costs_the_same_queries_for_3_or_30_comments(api_client, span) -> None:
    def queries_for_thread_of(size: int) -> int:
        Comment.objects.all().delete()
        for number in range(size):
            comment = CommentFactory(span=span, text=f"Comment {number}")
            comment.mentions.add(EditorFactory())
        with CaptureQueriesContext(connection) as queries:
            assert len(results(api_client.get(thread_url(span)))) == size
        return len(queries)

    few, many = queries_for_thread_of(3), queries_for_thread_of(30)

    assert few == many
    assert many <= 6


def test_thread_of_a_missing_claim_is_404(api_client) -> None:
    assert api_client.get(reverse("api:span-comments", args=[999_999])).status_code == 404


def test_thread_rejects_an_unknown_query_parameter(api_client, span) -> None:
    response = api_client.get(thread_url(span), {"author": "editor"})

    assert response.status_code == 400
    assert "author" in response.json()


def test_one_comment_is_read_by_its_address(api_client, comment) -> None:
    response = api_client.get(comment_url(comment))

    assert response.status_code == 200
    assert response.json()["text"] == "The office says 4.4 percent."


def test_thread_needs_credentials(span) -> None:
    from rest_framework.test import APIClient

    assert APIClient().get(thread_url(span)).status_code == 401


# Writing


def test_editor_comments_on_a_claim(api_client, span, editor) -> None:
    response = api_client.post(thread_url(span), {"text": "Which table?"}, format="json")

    assert response.status_code == 201
    stored = Comment.objects.get()
    assert (stored.author, stored.text) == (editor, "Which table?")
    assert response["Location"] == f"http://testserver/api/comments/{stored.pk}/"
    assert response.json()["text"] == "Which table?"


def test_new_comment_is_in_the_change_log(api_client, span) -> None:
    api_client.post(thread_url(span), {"text": "Which table?"}, format="json")

    assert Change.objects.filter(kind=Change.Kind.COMMENT_CREATED, span_id=span.pk).exists()


@pytest.mark.parametrize(
    "text",
    ["", "   ", "a" * 10_001, "bad\x00text", "lone \ud800 surrogate"],
    ids=["empty", "whitespace", "too-long", "nul", "surrogate"],
)
def test_bad_text_is_a_400_naming_it_and_stores_nothing(api_client, span, text) -> None:
    response = send(api_client, "post", thread_url(span), {"text": text})

    assert response.status_code == 400
    assert "text" in response.json()
    assert not Comment.objects.exists()
    assert not Change.objects.exists()


@pytest.mark.parametrize("body", [{}, {"text": 12}, {"text": None}])
def test_missing_or_mistyped_text_is_a_400_naming_it(api_client, span, body) -> None:
    response = send(api_client, "post", thread_url(span), body)

    assert response.status_code == 400
    assert "text" in response.json()


def test_unknown_field_is_a_400_naming_it(api_client, span) -> None:
    response = send(api_client, "post", thread_url(span), {"text": "Hi", "pinned": True})

    assert response.status_code == 400
    assert response.json() == {"pinned": ["Unknown field."]}
    assert not Comment.objects.exists()


def test_fields_read_from_a_comment_may_be_sent_back(api_client, comment) -> None:
    row = api_client.get(comment_url(comment)).json()

    response = send(api_client, "patch", comment_url(comment), {**row, "text": "Corrected."})

    assert response.status_code == 200
    assert response.json()["text"] == "Corrected."


def test_comment_on_a_missing_claim_is_404(api_client) -> None:
    url = reverse("api:span-comments", args=[999_999])

    response = api_client.post(url, {"text": "Anyone?"}, format="json")

    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_comment_on_a_claim_id_beyond_64_bits_is_404(api_client) -> None:
    url = reverse("api:span-comments", args=[2**70])

    assert api_client.post(url, {"text": "Anyone?"}, format="json").status_code == 404


def test_account_without_a_role_cannot_comment(outsider, span) -> None:
    response = client_for(outsider).post(thread_url(span), {"text": "Hi"}, format="json")

    assert response.status_code == 403
    assert not Comment.objects.exists()


# Correcting and deleting


def test_author_corrects_their_comment_and_its_mentions(api_client, comment, second_editor):
    response = send(
        api_client, "patch", comment_url(comment), {"text": "@second_editor: 4.4 percent."}
    )

    assert response.status_code == 200
    assert response.json()["mentions"] == ["second_editor"]
    comment.refresh_from_db()
    assert comment.text == "@second_editor: 4.4 percent."


def test_colleague_cannot_correct_a_comment(comment, second_editor) -> None:
    response = send(client_for(second_editor), "patch", comment_url(comment), {"text": "Mine."})

    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.text == "The office says 4.4 percent."


def test_colleague_cannot_even_send_an_empty_correction(comment, second_editor) -> None:
    response = send(client_for(second_editor), "patch", comment_url(comment), {})

    assert response.status_code == 403


def test_moderator_corrects_anyones_comment(comment, moderator) -> None:
    response = send(client_for(moderator), "patch", comment_url(comment), {"text": "Redacted."})

    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.text == "Redacted."


def test_correction_with_bad_text_is_a_400_and_changes_nothing(api_client, comment) -> None:
    response = send(api_client, "patch", comment_url(comment), {"text": "x" * 10_001})

    assert response.status_code == 400
    assert "text" in response.json()
    comment.refresh_from_db()
    assert comment.text == "The office says 4.4 percent."


def test_author_deletes_their_comment(api_client, comment) -> None:
    response = api_client.delete(comment_url(comment))

    assert response.status_code == 204
    assert not Comment.objects.exists()


def test_colleague_cannot_delete_a_comment(comment, second_editor) -> None:
    response = client_for(second_editor).delete(comment_url(comment))

    assert response.status_code == 403
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_moderator_deletes_anyones_comment(comment, moderator) -> None:
    response = client_for(moderator).delete(comment_url(comment))

    assert response.status_code == 204
    assert not Comment.objects.exists()


def test_missing_comment_is_404(api_client) -> None:
    response = send(api_client, "patch", "/api/comments/999999/", {"text": "Hi"})

    assert response.status_code == 404
