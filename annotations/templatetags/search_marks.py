"""`{{ text|marked:terms }}`: the text, escaped, with the words a search matched in <mark>."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def marked(text: str, terms: list[str]) -> SafeString:
    """Each word beginning with one of `terms` (so "deny" marks "denying" too) marked."""
    if not terms:
        return escape(text)
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(term) for term in terms) + r")\w*", re.IGNORECASE
    )
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[last : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))
