"""`@username` mentions in a comment, and a comment's text as HTML (pure, no database).

A mention is `@` followed by a username (letters, digits and `.`, `+`, `-`, `_`, as Django's
usernames are made), at the start of the text or after a space, an opening bracket or an
opening quote: so `bob@example.org` and `https://social.example/@bob` mention nobody. A
trailing full stop ends the sentence rather than the name ("thanks @bob." mentions "bob").
"""

import re
from collections.abc import Collection

from django.utils.html import format_html, linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe

# What may come just before the `@`, besides a space or the start: brackets, opening quotes.
OPENERS = "([{\"'\u201c\u2018\u00ab"
MENTION = re.compile(rf"(?<![^\s{re.escape(OPENERS)}])@(?P<username>[\w.+-]*[\w+-])")


def mentioned_usernames(text: str) -> list[str]:
    """The usernames `text` mentions, each once, in the order they first appear."""
    return list(dict.fromkeys(match["username"] for match in MENTION.finditer(text)))


def comment_html(text: str, mentioned: Collection[str], *, me: str = "") -> SafeString:
    """The comment's text as HTML: escaped, its links made clickable (Django's `urlize`,
    `rel="nofollow"`), line breaks kept, and the mentions of the people in `mentioned`
    marked (those of `me`, the reader, marked as theirs). Other `@words` stay plain text."""
    parts = []
    position = 0
    for match in MENTION.finditer(text):
        username = match["username"]
        if username not in mentioned:
            continue
        parts.append(urlize(text[position : match.start()], nofollow=True, autoescape=True))
        css = "mention mention--me" if username == me else "mention"
        parts.append(format_html('<span class="{}">@{}</span>', css, username))
        position = match.end()
    parts.append(urlize(text[position:], nofollow=True, autoescape=True))
    # `linebreaks` with autoescape off: the parts are escaped HTML already.
    return mark_safe(linebreaks("".join(parts), autoescape=False))
