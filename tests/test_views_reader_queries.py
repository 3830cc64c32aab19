"""Query counts of the reader page and every htmx endpoint: bounded, and the same for 5 or 50
judged claims, so no N+1 can creep back."""

from itertools import count

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import Label
from tests.factories import ArticleFactory, EditorFactory, EvidenceFactory, VerdictFactory
from tests.helpers import span_over

pytestmark = pytest.mark.django_db

ARTICLE_NUMBERS = count()


def article_with_judged_spans(size: int, owner) -> dict[str, int]:
    """`size` claims judged by two reviewers with evidence, one the owner alone made and judged,
    and one nobody has judged yet."""
    claims = " ".join(f"Claim number {n} is here." for n in range(size))
    article = ArticleFactory(text=f"{claims}\n\nArticle {next(ARTICLE_NUMBERS)}.")
    unjudged = span_over(article, "Article")
    reviewers = EditorFactory.create_batch(2)
    for n in range(size):
        span = span_over(article, f"Claim number {n} is")
        for reviewer, label in zip(reviewers, [Label.SUPPORTED, Label.DISPUTED], strict=True):
            EvidenceFactory(verdict=VerdictFactory(span=span, reviewer=reviewer, label=label))
    own = span_over(article, "here.", created_by=owner)
    evidence = EvidenceFactory(verdict=VerdictFactory(span=own, reviewer=owner))
    return {
        "article": article.pk,
        "span": own.pk,
        "unjudged": unjudged.pk,
        "evidence": evidence.pk,
        "at": own.start,
    }


# name: (method, URL name, which id, data, extra headers)
ENDPOINTS = {
    "reader page": ("get", "article-detail", "article", {}, {}),
    "filter": (
        "get",
        "article-detail",
        "article",
        {"shown": "split"},
        {"HX-Target": "article-text"},
    ),
    "open claim": ("get", "span-detail", "span", {"at": "at"}, {}),
    "mark claim": ("post", "span-create", "article", {"start": 0, "end": 5, "quote": "Claim"}, {}),
    "edit claim": ("post", "span-update", "span", {"claim": "Restated", "speaker": ""}, {}),
    "delete claim": ("post", "span-delete", "span", {}, {}),
    "set verdict": ("post", "verdict-set", "span", {"label": "disputed", "version": 1}, {}),
    "first verdict": ("post", "verdict-set", "unjudged", {"label": "disputed"}, {}),
    "withdraw verdict": ("post", "verdict-delete", "span", {}, {}),
    "add evidence": ("post", "evidence-add", "span", {"url": "https://example.org/a"}, {}),
    "remove evidence": ("post", "evidence-remove", "evidence", {}, {}),
}
# The most queries each may make: session, user and roles (3), the claim (1) and, after a
# change, its highlighters, verdicts and evidence (3; none for a claim just marked), the
# write and its history, and, when the claim's state changed, one query for the legend's
# counts and the redrawn paragraphs' spans. Writes that touch a claim's verdicts or evidence
# lock the parent rows first (claim, then verdicts) so concurrent writers never deadlock:
# one SELECT ... FOR UPDATE each (delete claim 2, withdraw verdict and remove evidence 1). A
# change of verdict goes through services.verdict_set, which looks for the reviewer's verdict
# first (1); a first verdict (no version sent) is inserted without that look-up. Each write
# records a Change (1 INSERT), and a kind webhooks may subscribe to first asks which
# endpoints do (1 SELECT): +2, +1 to restate or delete.
# The claim panel reads its discussion (1; with comments, 1 more for their mentions).
LIMITS = {
    # The whole page also reads the article's reviewers (1) and its live-update version (1).
    "reader page": 7,
    "filter": 5,
    "open claim": 9,
    "mark claim": 13,
    "edit claim": 16,
    # Deleting cascades to the claim's publication, comments, index entry, vector and links
    # (both directions), which Django looks up first.
    "delete claim": 28,
    "set verdict": 17,
    "first verdict": 13,
    "withdraw verdict": 20,
    "add evidence": 19,
    "remove evidence": 18,
}


def queries_for(endpoint: str, size: int, editor) -> int:
    method, name, key, data, headers = ENDPOINTS[endpoint]
    ids = article_with_judged_spans(size, editor)
    client = Client(headers={"HX-Request": "true", **headers})
    client.force_login(editor)
    data = {field: ids[value] if value == "at" else value for field, value in data.items()}
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(reverse(f"annotations:{name}", args=[ids[key]]), data)
    assert response.status_code in (200, 201), response.content.decode()[:500]
    return len(queries)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_query_count_is_bounded_and_does_not_grow_with_claims(endpoint, editor) -> None:
    few, many = queries_for(endpoint, 5, editor), queries_for(endpoint, 50, editor)

    assert few == many
    assert many <= LIMITS[endpoint]
