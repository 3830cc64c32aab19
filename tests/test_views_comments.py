"""The claim panel's discussion: the thread as shown, and writing, correcting and deleting a
comment with htmx (the panel drawn again)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations import services
from annotations.models import Change, Comment, Span
from tests.factories import CommentFactory, EditorFactory
from tests.helpers import FIRST_SENTENCE, signed_in_client, span_over

pytestmark = pytest.mark.django_db


@pytest.fixture
def span(article) -> Span:
    return span_over(article, FIRST_SENTENCE)


@pytest.fixture
def comment(span, editor) -> Comment:
    return services.comment_create(user=editor, span=span, text="The office says 4.4 percent.")


def panel(client, span: Span) -> str:
    response = client.get(reverse("annotations:span-detail", args=[span.pk]))
    assert response.status_code == 200
    return response.content.decode()


def create_url(span: Span) -> str:
    return reverse("annotations:comment-create", args=[span.pk])


def update_url(comment: Comment) -> str:
    return reverse("annotations:comment-update", args=[comment.pk])


def delete_url(comment: Comment) -> str:
    return reverse("annotations:comment-delete", args=[comment.pk])


# The thread as shown


def test_panel_shows_the_thread_with_author_names(htmx_client, span, second_editor) -> None:
    second_editor.first_name, second_editor.last_name = "Grace", "Hopper"
    second_editor.save()
    CommentFactory(span=span, author=second_editor, text="Table 3 says otherwise.")

    content = panel(htmx_client, span)

    assert 'id="discussion"' in content
    assert "Grace Hopper" in content
    assert "Table 3 says otherwise." in content


def test_panel_escapes_comment_text_and_makes_links_clickable(htmx_client, span) -> None:
    CommentFactory(span=span, text="<script>alert(1)</script> https://stats.example/t3")

    content = panel(htmx_client, span)

    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert '<a href="https://stats.example/t3" rel="nofollow">' in content


def test_panel_marks_mentions_and_the_readers_own(htmx_client, span, editor) -> None:
    CommentFactory(span=span, text="@editor please check", mentions=[editor])

    content = panel(htmx_client, span)

    assert '<span class="mention mention--me">@editor</span> please check' in content


def test_comment_text_renders_inside_an_htmx_disabled_element(htmx_client, span) -> None:
    CommentFactory(span=span, text="Plain words")

    content = panel(htmx_client, span)

    assert '<div class="comment__text" hx-disable><p>Plain words</p></div>' in content


def test_panel_offers_edit_and_delete_for_ones_own_comment_only(
    htmx_client, span, editor, second_editor
) -> None:
    mine = CommentFactory(span=span, author=editor)
    theirs = CommentFactory(span=span, author=second_editor)

    content = panel(htmx_client, span)

    assert update_url(mine) in content
    assert delete_url(mine) in content
    assert update_url(theirs) not in content
    assert delete_url(theirs) not in content


def test_moderator_may_edit_and_delete_anyones_comment(moderator, span) -> None:
    comment = CommentFactory(span=span)

    content = panel(signed_in_client(moderator), span)

    assert update_url(comment) in content
    assert delete_url(comment) in content


def test_account_without_a_role_reads_the_thread_without_a_box(outsider, span) -> None:
    CommentFactory(span=span, text="Visible to all")

    content = panel(signed_in_client(outsider), span)

    assert "Visible to all" in content
    assert create_url(span) not in content


def test_edited_comment_says_so(htmx_client, span, comment, editor) -> None:
    Comment.objects.filter(pk=comment.pk).update(updated_at=comment.created_at.replace(year=2099))

    assert "comment__edited" in panel(htmx_client, span)


def test_panel_costs_the_same_queries_for_2_or_20_comments(htmx_client, span) -> None:
    def queries_for_panel_with(size: int) -> int:
        Comment.objects.all().delete()
        for _ in range(size):
            CommentFactory(span=span, mentions=[EditorFactory()])
        with CaptureQueriesContext(connection) as queries:
            panel(htmx_client, span)
        return len(queries)

    assert queries_for_panel_with(2) == queries_for_panel_with(20)


# Writing


def test_comment_is_stored_and_shown_in_the_redrawn_panel(htmx_client, span, editor) -> None:
    response = htmx_client.post(create_url(span), {"comment-text": "Which month is it?"})

    assert response.status_code == 200
    assert Comment.objects.get().author == editor
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="claim-panel"')
    assert "Which month is it?" in content


def test_new_comment_is_in_the_change_log(htmx_client, span) -> None:
    htmx_client.post(create_url(span), {"comment-text": "Which month is it?"})

    assert Change.objects.filter(kind=Change.Kind.COMMENT_CREATED).count() == 1


@pytest.mark.parametrize("text", ["", "   ", "a" * 10_001, "bad\x00text"])
def test_bad_comment_is_refused_with_the_typing_kept(htmx_client, span, text) -> None:
    response = htmx_client.post(create_url(span), {"comment-text": text})

    assert response.status_code == 400
    assert not Comment.objects.exists()
    form = response.context["comment_form"]
    assert form.errors["text"]
    assert form["text"].value() == text


def test_comment_without_script_goes_back_to_the_claim(span, editor) -> None:
    client = signed_in_client(editor, htmx=False)

    response = client.post(create_url(span), {"comment-text": "No script here."})

    assert response.status_code == 302
    assert response["Location"] == reverse("annotations:span-detail", args=[span.pk])


def test_account_without_a_role_cannot_comment(outsider, span) -> None:
    response = signed_in_client(outsider).post(create_url(span), {"comment-text": "Hi"})

    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_comment_on_a_missing_claim_is_404(htmx_client) -> None:
    url = reverse("annotations:comment-create", args=[999_999])

    assert htmx_client.post(url, {"comment-text": "Hi"}).status_code == 404


# Correcting and deleting


def test_author_corrects_their_comment(htmx_client, comment) -> None:
    field = f"comment-{comment.pk}-text"

    response = htmx_client.post(update_url(comment), {field: "It says 4.4 percent."})

    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.text == "It says 4.4 percent."


def test_bad_correction_keeps_the_typing_in_its_open_edit_box(htmx_client, comment) -> None:
    field = f"comment-{comment.pk}-text"

    response = htmx_client.post(update_url(comment), {field: "  "})

    assert response.status_code == 400
    content = response.content.decode()
    assert '<details class="comment__edit" open>' in content
    comment.refresh_from_db()
    assert comment.text == "The office says 4.4 percent."


def test_colleague_cannot_correct_a_comment(comment, second_editor) -> None:
    field = f"comment-{comment.pk}-text"

    response = signed_in_client(second_editor).post(update_url(comment), {field: "Mine now"})

    assert response.status_code == 403
    assert "only your own comments" in response.content.decode()
    comment.refresh_from_db()
    assert comment.text == "The office says 4.4 percent."


def test_author_deletes_their_comment(htmx_client, comment) -> None:
    response = htmx_client.post(delete_url(comment))

    assert response.status_code == 200
    assert not Comment.objects.exists()
    assert "No comments yet." in response.content.decode()


def test_delete_is_sent_from_the_edit_form(htmx_client, span, comment) -> None:
    # So the panel's drafts logic drops what was typed in the edit box along with it.
    content = panel(htmx_client, span)

    form = content[content.index(f'action="{update_url(comment)}"') :]
    form = form[: form.index("</form>")]
    assert f'name="comment-{comment.pk}-text"' in form
    assert f'formaction="{delete_url(comment)}"' in form


def test_colleague_cannot_delete_a_comment(comment, second_editor) -> None:
    response = signed_in_client(second_editor).post(delete_url(comment))

    assert response.status_code == 403
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_moderator_deletes_anyones_comment(comment, moderator) -> None:
    response = signed_in_client(moderator).post(delete_url(comment))

    assert response.status_code == 200
    assert not Comment.objects.exists()
