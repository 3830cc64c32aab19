"""The comment services: who may comment, correct and delete; the text; mentions; history and
the change log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations import services
from annotations.models import Change, Comment, Span
from tests.factories import EditorFactory, UserFactory
from tests.helpers import FIRST_SENTENCE, span_over

pytestmark = pytest.mark.django_db


@pytest.fixture
def span(article) -> Span:
    return span_over(article, FIRST_SENTENCE)


@pytest.fixture
def comment(span, editor) -> Comment:
    return services.comment_create(user=editor, span=span, text="The office says 4.4 percent.")


def changes(kind: str) -> list[Change]:
    return list(Change.objects.filter(kind=kind))


# Writing


def test_editor_comments_on_a_claim(span, editor) -> None:
    comment = services.comment_create(user=editor, span=span, text="Which month is this?")

    comment.refresh_from_db()
    assert (comment.span, comment.author, comment.text) == (span, editor, "Which month is this?")


def test_moderator_comments_on_a_claim(span, moderator) -> None:
    services.comment_create(user=moderator, span=span, text="Settling this tomorrow.")

    assert Comment.objects.get().author == moderator


def test_account_without_a_role_cannot_comment(span, outsider) -> None:
    with pytest.raises(PermissionDenied):
        services.comment_create(user=outsider, span=span, text="Hello")

    assert not Comment.objects.exists()


def test_comment_text_is_stored_without_the_spaces_around_it(span, editor) -> None:
    comment = services.comment_create(user=editor, span=span, text="  \n Checked it. \n\n ")

    assert comment.text == "Checked it."


def test_comment_line_breaks_from_a_browser_are_stored_as_newlines(span, editor) -> None:
    comment = services.comment_create(user=editor, span=span, text="First.\r\nSecond.")

    assert comment.text == "First.\nSecond."


def test_comment_of_the_longest_length_is_stored(span, editor) -> None:
    comment = services.comment_create(user=editor, span=span, text="a" * 10_000)

    assert len(comment.text) == 10_000


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t ", "a" * 10_001, "bad\x00text", "lone \ud800 surrogate"],
    ids=["empty", "whitespace", "too-long", "nul", "surrogate"],
)
def test_comment_rejects_bad_text_naming_it_and_stores_nothing(span, editor, text) -> None:
    with pytest.raises(ValidationError) as raised:
        services.comment_create(user=editor, span=span, text=text)

    assert "text" in raised.value.message_dict
    assert not Comment.objects.exists()
    assert not Change.objects.exists()


def test_comment_with_too_many_mentions_is_refused(span, editor) -> None:
    text = " ".join(f"@person{number}" for number in range(51))

    with pytest.raises(ValidationError) as raised:
        services.comment_create(user=editor, span=span, text=text)

    assert "text" in raised.value.message_dict


def test_comment_on_a_claim_deleted_meanwhile_names_the_claim(span, editor) -> None:
    Span.objects.filter(pk=span.pk).delete()

    with pytest.raises(ValidationError) as raised:
        services.comment_create(user=editor, span=span, text="Still there?")

    assert "span" in raised.value.message_dict
    assert not Comment.objects.exists()


# Mentions


def test_comment_stores_the_editors_and_moderators_it_mentions(
    span, editor, second_editor, moderator
) -> None:
    comment = services.comment_create(
        user=editor, span=span, text="@second_editor and @moderator: agreed?"
    )

    assert set(comment.mentions.all()) == {second_editor, moderator}


@pytest.mark.parametrize(
    "person",
    [
        lambda: UserFactory(username="visitor"),
        lambda: EditorFactory(username="visitor", is_active=False),
    ],
    ids=["no-role", "inactive"],
)
def test_comment_mentions_nobody_without_an_active_role(span, editor, person) -> None:
    person()

    comment = services.comment_create(user=editor, span=span, text="@visitor look")

    assert not comment.mentions.exists()


def test_comment_does_not_mention_its_author_or_unknown_names(span, editor) -> None:
    comment = services.comment_create(user=editor, span=span, text="@editor @ghost noted")

    assert not comment.mentions.exists()


def test_editing_a_comment_updates_its_mentions(comment, editor, second_editor, moderator) -> None:
    services.comment_update(user=editor, comment=comment, text="@second_editor what now?")
    assert list(comment.mentions.all()) == [second_editor]

    services.comment_update(user=editor, comment=comment, text="@moderator instead")

    assert list(comment.mentions.all()) == [moderator]


# Editing and deleting


def test_author_edits_their_comment(comment, editor) -> None:
    services.comment_update(user=editor, comment=comment, text="It says 4.4 percent.")

    comment.refresh_from_db()
    assert comment.text == "It says 4.4 percent."


def test_editor_cannot_edit_a_colleagues_comment(comment, second_editor) -> None:
    with pytest.raises(PermissionDenied):
        services.comment_update(user=second_editor, comment=comment, text="Changed.")

    comment.refresh_from_db()
    assert comment.text == "The office says 4.4 percent."


def test_moderator_edits_anyones_comment(comment, moderator) -> None:
    services.comment_update(user=moderator, comment=comment, text="Removed a phone number.")

    comment.refresh_from_db()
    assert comment.text == "Removed a phone number."


def test_edit_rejects_bad_text_and_keeps_the_comment(comment, editor) -> None:
    with pytest.raises(ValidationError) as raised:
        services.comment_update(user=editor, comment=comment, text="   ")

    assert "text" in raised.value.message_dict
    comment.refresh_from_db()
    assert comment.text == "The office says 4.4 percent."


def test_author_deletes_their_comment(comment, editor) -> None:
    services.comment_delete(user=editor, comment=comment)

    assert not Comment.objects.exists()


def test_editor_cannot_delete_a_colleagues_comment(comment, second_editor) -> None:
    with pytest.raises(PermissionDenied):
        services.comment_delete(user=second_editor, comment=comment)

    assert Comment.objects.filter(pk=comment.pk).exists()


def test_moderator_deletes_anyones_comment(comment, moderator) -> None:
    services.comment_delete(user=moderator, comment=comment)

    assert not Comment.objects.exists()


# History


def test_history_records_who_wrote_a_comment(comment, editor) -> None:
    record = comment.history.get()

    assert (record.history_type, record.history_user, record.text) == (
        "+",
        editor,
        "The office says 4.4 percent.",
    )


def test_history_records_an_edit_with_the_old_text_kept(comment, editor) -> None:
    services.comment_update(user=editor, comment=comment, text="It says 4.4 percent.")

    texts = [record.text for record in comment.history.order_by("history_id")]
    assert texts == ["The office says 4.4 percent.", "It says 4.4 percent."]


def test_history_says_when_a_moderator_corrected_a_comment(comment, moderator) -> None:
    services.comment_update(user=moderator, comment=comment, text="Redacted.")

    latest = comment.history.latest("history_id")
    assert (latest.history_user, latest.history_change_reason) == (
        moderator,
        "Corrected by a moderator",
    )


def test_history_records_who_was_mentioned(span, editor, second_editor) -> None:
    comment = services.comment_create(user=editor, span=span, text="@second_editor look")

    latest = comment.history.latest("history_id")
    assert [row.user for row in latest.mentions.all()] == [second_editor]
    assert (latest.history_user, latest.history_change_reason) == (
        editor,
        "Mentions: @second_editor",
    )


def test_history_records_a_deleted_comment(comment, moderator) -> None:
    pk = comment.pk
    services.comment_delete(user=moderator, comment=comment)

    latest = Comment.history.filter(id=pk).latest("history_id")
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "-",
        moderator,
        "Deleted by a moderator",
    )


def test_the_same_text_again_records_nothing(comment, editor) -> None:
    services.comment_update(user=editor, comment=comment, text="The office says 4.4 percent.")

    assert comment.history.count() == 1
    assert changes(Change.Kind.COMMENT_CHANGED) == []


# The change log (live updates and webhooks read it)


def test_a_new_comment_is_in_the_change_log(comment, span, editor) -> None:
    (change,) = changes(Change.Kind.COMMENT_CREATED)

    assert (change.article_id, change.span_id, change.actor) == (span.article_id, span.pk, editor)


def test_an_edited_comment_is_in_the_change_log(comment, span, editor) -> None:
    services.comment_update(user=editor, comment=comment, text="It says 4.4 percent.")

    (change,) = changes(Change.Kind.COMMENT_CHANGED)
    assert (change.article_id, change.span_id, change.actor) == (span.article_id, span.pk, editor)


def test_a_deleted_comment_is_in_the_change_log(comment, span, moderator) -> None:
    services.comment_delete(user=moderator, comment=comment)

    (change,) = changes(Change.Kind.COMMENT_CHANGED)
    assert (change.span_id, change.actor) == (span.pk, moderator)


def test_a_refused_change_records_nothing_in_the_change_log(comment, second_editor) -> None:
    with pytest.raises(PermissionDenied):
        services.comment_delete(user=second_editor, comment=comment)

    assert changes(Change.Kind.COMMENT_CHANGED) == []
