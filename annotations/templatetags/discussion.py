"""Filters for a claim's discussion (`{% load discussion %}`), for comments loaded by
`annotations.discussion.with_people`."""

from django import template
from django.utils.safestring import SafeString

from annotations import discussion, mentions

register = template.Library()


@register.filter
def comment_html(comment, me: str = "") -> SafeString:
    """The comment's text, escaped, with clickable links and its mentions marked (`me`'s
    as the reader's own)."""
    mentioned = {person.username for person in comment.mention_list}
    return mentions.comment_html(comment.text, mentioned, me=me)


@register.filter
def was_edited(comment) -> bool:
    return discussion.was_edited(comment)
