"""Blind review and a claim's discussion: while a claim is sealed for an editor (they have not
judged it), its whole thread is hidden from them, in the panel and the API, and they cannot
comment on it; their verdict opens it; moderators always see it.

The claim is under blind review, judged by `second_editor`, who commented on it; `editor`
has not judged it.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from annotations import blind, discussion, services
from annotations.models import Comment, Label, Span
from tests.factories import ArticleFactory, CommentFactory, VerdictFactory
from tests.helpers import client_for, signed_in_client, span_over

pytestmark = pytest.mark.django_db

SECRET = "SECRET: the source is a satire site"


@pytest.fixture
def sealed(editor, second_editor) -> Span:
    article = ArticleFactory(created_by=editor, blind_review=True)
    span = span_over(article, "The minister said")
    VerdictFactory(span=span, reviewer=second_editor, label=Label.DISPUTED)
    CommentFactory(span=span, author=second_editor, text=SECRET)
    return span


def test_thread_is_hidden_from_an_editor_who_has_not_judged(sealed, editor) -> None:
    thread = discussion.thread(editor, sealed)

    assert (thread.hidden, thread.count, thread.comments) == (True, 1, [])


def test_thread_opens_once_the_editor_judges(sealed, editor) -> None:
    VerdictFactory(span=sealed, reviewer=editor)

    thread = discussion.thread(editor, Span.objects.get(pk=sealed.pk))

    assert not thread.hidden
    assert [comment.text for comment in thread.comments] == [SECRET]


def test_moderators_always_see_the_thread(sealed, moderator) -> None:
    assert not discussion.thread(moderator, sealed).hidden


def test_thread_is_open_without_blind_review(article, editor, second_editor) -> None:
    span = span_over(article, "The minister said")
    VerdictFactory(span=span, reviewer=second_editor)

    assert not discussion.thread(editor, span).hidden


def test_the_rule_and_its_query_form_agree(sealed, editor, second_editor, moderator) -> None:
    for viewer in (editor, second_editor, moderator):
        visible = blind.visible_comments(Comment.objects.all(), viewer).exists()

        assert visible is not blind.thread_hidden(viewer, sealed), viewer


def test_an_editor_who_has_not_judged_cannot_comment(sealed, editor) -> None:
    with pytest.raises(PermissionDenied):
        services.comment_create(user=editor, span=sealed, text="What did you find?")

    assert Comment.objects.count() == 1


def test_an_editor_who_judged_comments(sealed, editor) -> None:
    VerdictFactory(span=sealed, reviewer=editor)

    services.comment_create(user=editor, span=Span.objects.get(pk=sealed.pk), text="Agreed.")

    assert Comment.objects.count() == 2


def test_panel_of_a_sealed_claim_shows_how_many_comments_but_not_them(sealed, editor) -> None:
    response = signed_in_client(editor).get(reverse("annotations:span-detail", args=[sealed.pk]))

    content = response.content.decode()
    assert SECRET not in content
    assert "1 comment on this claim. The discussion opens once you give your verdict" in content
    assert reverse("annotations:comment-create", args=[sealed.pk]) not in content


def test_panel_refuses_a_comment_on_a_sealed_claim(sealed, editor) -> None:
    response = signed_in_client(editor).post(
        reverse("annotations:comment-create", args=[sealed.pk]), {"comment-text": "Hello?"}
    )

    assert response.status_code == 403
    assert "blind review" in response.content.decode()
    assert Comment.objects.count() == 1


def test_api_list_of_a_sealed_thread_is_refused(sealed, editor) -> None:
    response = client_for(editor).get(reverse("api:span-comments", args=[sealed.pk]))

    assert response.status_code == 403
    assert "blind review" in response.json()["detail"]


def test_api_hides_each_comment_of_a_sealed_thread(sealed, editor) -> None:
    comment = Comment.objects.get()

    response = client_for(editor).get(reverse("api:comment-detail", args=[comment.pk]))

    assert response.status_code == 404


def test_api_shows_moderators_a_sealed_thread(sealed, moderator) -> None:
    response = client_for(moderator).get(reverse("api:span-comments", args=[sealed.pk]))

    assert [row["text"] for row in response.json()["results"]] == [SECRET]
