"""A claim's discussion: reviewers comment, correct and delete their comments, and mention
colleagues with `@username`.

Editors and moderators comment; the author edits or deletes their own comment, moderators
anyone's (`roles.can_change_comment`). Under blind review a claim's thread is closed, like its
verdicts, to an editor who has not judged it (`blind.thread_hidden`). Each write is recorded
in the history (the mentions too) and in the change log, in its transaction.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from annotations import blind, history, mentions, roles
from annotations.models import COMMENT_MAX_LENGTH, Change, Comment, Span
from annotations.services.changes import record_change
from annotations.services.checks import reject_forbidden_characters
from annotations.services.spans import lock_span
from annotations.text import normalize_text

# A comment names a handful of people; this bound keeps its lookup one small query.
MAX_MENTIONS = 50
THREAD_SEALED = (
    "This article is under blind review: the claim's discussion opens once you give your "
    "verdict on it."
)
NOT_YOURS = "You can change only your own comments."
COMMENT_GONE = "This comment was deleted meanwhile; reload the claim."


def comment_text(text: object) -> str:
    """The text to store, or a ValidationError naming `text`: line breaks as `\\n`, NFC, the
    spaces and blank lines around it removed; not empty, at most COMMENT_MAX_LENGTH
    characters, no control character but tab and newline, at most MAX_MENTIONS mentions."""
    if not isinstance(text, str):
        raise ValidationError({"text": "A comment is text."})
    text = normalize_text(text).strip()
    reject_forbidden_characters(text=text)
    if not text:
        raise ValidationError({"text": "Write something: a comment cannot be empty."})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "text": f"A comment has at most {COMMENT_MAX_LENGTH:,} characters; "
                f"this one has {len(text):,}."
            }
        )
    if len(mentions.mentioned_usernames(text)) > MAX_MENTIONS:
        raise ValidationError({"text": f"A comment can mention at most {MAX_MENTIONS} people."})
    return text


def mentioned_people(text: str, *, author_id: int) -> list:
    """The people `text` mentions who can take part: active editors and moderators, the
    author left out (mentioning yourself tells nobody anything). Other `@words` are text."""
    usernames = mentions.mentioned_usernames(text)
    if not usernames:
        return []
    people = get_user_model().objects.filter(username__in=usernames, is_active=True)
    people = people.exclude(pk=author_id).order_by("username")
    return [person for person in roles.with_role_groups(people) if roles.is_editor(person)]


def require_thread_open(user, span: Span) -> None:
    if blind.thread_hidden(user, span):
        raise PermissionDenied(THREAD_SEALED)


def require_comment_change(user, comment: Comment) -> None:
    if not roles.can_change_comment(user, comment):
        raise PermissionDenied(NOT_YOURS)


def lock_comment(comment: Comment) -> Comment:
    """The comment's row as stored now, locked until the transaction ends."""
    locked = Comment.objects.select_for_update().filter(pk=comment.pk).first()
    if locked is None:
        raise ValidationError({"comment": COMMENT_GONE})
    return locked


def store_mentions(comment: Comment, people: list, *, user) -> None:
    """Set who the comment mentions. A change of them is a history row of its own (the
    library records many-to-many changes so); the same people again write nothing."""
    names = ", ".join(f"@{person.get_username()}" for person in people) or "nobody"
    with history.recorded(user=user, reason=f"Mentions: {names}"):
        comment.mentions.set(people)


def correction_reason(user, comment: Comment, action: str) -> str:
    return f"{action} by a moderator" if comment.author_id != user.pk else ""


@transaction.atomic
def comment_create(*, user, span: Span, text: str) -> Comment:
    """Write a comment on a claim. The claim is locked first, so one deleted meanwhile is a
    400 naming `span`, never a comment on nothing."""
    roles.require_editor(user)
    require_thread_open(user, span)
    text = comment_text(text)
    people = mentioned_people(text, author_id=user.pk)
    lock_span(span)
    comment = Comment(span=span, author=user, text=text)
    history.save(comment, user=user)
    if people:
        store_mentions(comment, people, user=user)
    record_change(
        Change.Kind.COMMENT_CREATED,
        article_id=span.article_id,
        actor=user,
        span_id=span.pk,
        object_id=comment.pk,
    )
    return comment


@transaction.atomic
def comment_update(*, user, comment: Comment, text: str) -> Comment:
    """Correct a comment's text; its mentions follow the new text. The same text again
    changes nothing and records nothing."""
    require_comment_change(user, comment)
    require_thread_open(user, comment.span)
    text = comment_text(text)
    locked = lock_comment(comment)
    if text == locked.text:
        return locked
    people = mentioned_people(text, author_id=locked.author_id)
    locked.text = text
    history.save(locked, user=user, reason=correction_reason(user, locked, "Corrected"))
    store_mentions(locked, people, user=user)
    span = comment.span
    record_change(
        Change.Kind.COMMENT_CHANGED,
        article_id=span.article_id,
        actor=user,
        span_id=span.pk,
        object_id=locked.pk,
    )
    return locked


@transaction.atomic
def comment_delete(*, user, comment: Comment) -> None:
    """Delete a comment; the history keeps it, with who deleted it."""
    require_comment_change(user, comment)
    span = comment.span
    require_thread_open(user, span)
    locked = lock_comment(comment)
    # Recorded while the comment is still there to be described.
    record_change(
        Change.Kind.COMMENT_CHANGED,
        article_id=span.article_id,
        actor=user,
        span_id=span.pk,
        object_id=locked.pk,
    )
    history.delete(locked, user=user, reason=correction_reason(user, locked, "Deleted"))
