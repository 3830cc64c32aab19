"""Helpers the test modules share: claims over a quote (settled, published), signed-in
clients, sample texts, an object's history rows, and the API tests' token clients and
response readers."""

import json

from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Article, Span
from tests.factories import EvidenceFactory, SpanFactory, VerdictFactory

# The first sentence of the `article` fixture's text (tests.factories.ArticleFactory).
FIRST_SENTENCE = "The minister said unemployment fell to 4.2 percent in March."


def span_over(article: Article, quote: str, **fields) -> Span:
    """A claim over the first occurrence of `quote` in the article's text."""
    start = article.text.index(quote)
    return SpanFactory(article=article, start=start, end=start + len(quote), **fields)


# The `article` fixture's second sentence, and the words a revision puts in its place: too
# different for re-anchoring to find the sentence again.
CRITICS = "Critics said the figure ignores part-time workers."
REWORDED = "Unions said the numbers leave out people who work part time."


def orphaned_span(article: Article, reviser, **fields) -> Span:
    """A claim over CRITICS, orphaned by a revision (by `reviser`) that rewords it."""
    span = span_over(article, CRITICS, **fields)
    revised = article.text.replace(CRITICS, REWORDED)
    services.article_revise_text(user=reviser, article=article, text=revised)
    span.refresh_from_db()
    assert span.is_orphaned
    return span


def settled_span(
    article: Article,
    moderator,
    *,
    claim: str = "Unemployment fell to 4.2 percent.",
    label: str = "disputed",
    evidence: int = 1,
) -> Span:
    """A claim over the article's first sentence, judged by one reviewer (with `evidence`
    links) and settled by the moderator with `label`."""
    span = span_over(article, FIRST_SENTENCE, claim=claim, speaker="The minister")
    verdict = VerdictFactory(span=span, label=label)
    for number in range(evidence):
        EvidenceFactory(
            verdict=verdict, url=f"https://stats.example/{number}", title=f"Release {number}"
        )
    return services.span_settle(user=moderator, span=span, final_label=label)


def published_span(article: Article, moderator, **fields) -> Span:
    """A settled claim published with an explanation."""
    span = settled_span(article, moderator, **fields)
    services.span_publish(
        user=moderator, span=span, explanation="The office's March figure was 4.6 percent."
    )
    return span


# A history row's own bookkeeping: its id and date differ between two writes of the same row.
HISTORY_BOOKKEEPING = frozenset({"history_id", "history_date"})


def history_rows(model, pk, *, leave_out=HISTORY_BOOKKEEPING) -> list[dict]:
    """The history rows of one object of `model`, oldest first, without the `leave_out` columns."""
    rows = model.history.filter(id=pk).order_by("history_id").values()
    return [{k: v for k, v in row.items() if k not in leave_out} for row in rows]


def signed_in_client(user, *, htmx: bool = True) -> Client:
    """A browser session of `user`, sending the headers htmx sends unless `htmx` is False."""
    client = Client(headers={"HX-Request": "true"} if htmx else {})
    client.force_login(user)
    return client


# A saved news page: an article among navigation, a footer and metadata.
NEWS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Minister claims unemployment fell | The Daily Example</title>
<meta property="og:title" content="Minister claims unemployment fell to 4.2 percent">
<meta property="og:site_name" content="The Daily Example">
<meta property="og:url" content="https://daily.example/politics/unemployment">
<meta name="author" content="Jane Reporter">
<meta property="article:published_time" content="2024-03-15T09:00:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/subscribe">Subscribe now for unlimited access</a></li></ul></nav>
<article>
<h1>Minister claims unemployment fell to 4.2 percent</h1>
<p>The minister said on Tuesday that unemployment fell to 4.2 percent in March, the lowest
level in a decade, according to figures released by the statistics office.</p>
<p>Critics said the figure ignores part-time workers who would like to work more hours.
Officials denied that the method had changed since last year.</p>
<p>The opposition called for an independent review of the numbers before the budget debate
next month.</p>
</article>
<footer><p>Copyright 2024 The Daily Example. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer>
</body></html>
"""


def client_for(user) -> APIClient:
    """A script authenticated with the user's API token."""
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def results(response) -> list[dict]:
    """The rows of one page of a list response."""
    assert response.status_code == 200, response.content
    return response.json()["results"]


def streamed(response) -> str:
    """The whole body of a streaming (export) response, decoded."""
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content).decode()


def send(client, method: str, url: str, data):
    """JSON with non-ASCII escaped, so a lone surrogate can be sent as \\ud800."""
    return client.generic(method.upper(), url, json.dumps(data), content_type="application/json")
