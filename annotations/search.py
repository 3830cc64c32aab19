"""Claim search across all articles, on the claim index (`ClaimIndex`, kept by
`claim_index`): the span list's `?q=` in the API and the Claims page.

A claim is found by its quote, restated claim and speaker, and by its verdicts' rationales
where the viewer may see them (`blind`): a search must not give a sealed verdict away.
"""

import re
from functools import partial

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Greatest, LPad, StrIndex, Substr

from annotations import blind
from annotations.claim_index import text_search_config
from annotations.models import Article, ClaimIndex, ClaimText, Span

MAX_QUERY_LENGTH = 500
# Search lists at most this many claims, the best matches (as search engines do): ten
# pages of 20.
MAX_RANKED = 200


def check_query(q: str) -> str:
    q = (q or "").strip()
    if not q:
        raise ValidationError({"q": "Type some words to search for."})
    if len(q) > MAX_QUERY_LENGTH:
        raise ValidationError({"q": f"At most {MAX_QUERY_LENGTH} characters."})
    return q


def search_terms(q: str) -> list[str]:
    """The words of a query, lower-cased (what the page highlights, and SQLite matches)."""
    return [term.lower() for term in re.findall(r"\w+", q) if len(term) > 1 or term.isdigit()]


def claims_matching(
    spans: QuerySet[Span], q: str, viewer, *, within: QuerySet[Span] | None = None
) -> QuerySet[Span]:
    """The spans whose quote, restated claim, speaker or (where `viewer` may see them)
    rationales match `q`: the MAX_RANKED best, annotated with `score` (0..1), best first.

    `within`, when given, are the spans other filters kept: the best matches are sought
    among them (without it, among all claims). On PostgreSQL `q` is read as web search
    syntax ("quoted phrase", -word, or), stemmed in each article's language; SQLite looks
    for every word of it as typed.

    Matching and ranking read only the narrow index rows, in one query; the spans (wide rows
    the callers join to people and publications) are then read for the best matches only.
    """
    q = check_query(q)
    ranked = ranked_matches(q, viewer)
    if within is not None:
        ranked = ranked.filter(span__in=within.values("pk"))
    best = relative_to_the_best(list(ranked.values_list("span_id", "score")[:MAX_RANKED]))
    return in_rank_order(spans.filter(pk__in=[pk for pk, _ in best]), best)


def relative_to_the_best(best: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """Scores as shares of the best match's, which scores 1, the order unchanged. The ranks
    themselves read as noise: SQLite's bm25 weighs a word by how few claims have it (a word
    most claims have scores about 0 for every match), and PostgreSQL's ts_rank of a one-word
    match is about 0.06."""
    top = best[0][1] if best else 0.0
    return [(pk, value / top if top > 0 else 1.0) for pk, value in best]


# Each id right-aligned in ID_WIDTH characters, each score in SCORE_WIDTH ("0.9123").
ID_WIDTH, SCORE_WIDTH = 20, 6


def in_rank_order(spans: QuerySet[Span], best: list[tuple[int, float]]) -> QuerySet[Span]:
    """`spans` (among `best`, [(id, score)] best first) in that order, annotated with their
    `score`. A CASE WHEN per id costs milliseconds per hundred ids to build and compile; two
    strings of fixed-width fields cost nothing: an id's field is found with STRPOS/INSTR
    (padded ids can only match whole fields) and its score read at the same position."""
    ids = "".join(f"{pk:>{ID_WIDTH}}" for pk, _ in best)
    scores = "".join(f"{min(max(value, 0.0), 1.0):.4f}" for _, value in best)
    field = LPad(Cast("pk", CharField()), ID_WIDTH, Value(" "))
    position = ExpressionWrapper(
        (StrIndex(Value(ids), field) - 1) / ID_WIDTH, output_field=IntegerField()
    )
    score = Cast(Substr(Value(scores), position * SCORE_WIDTH + 1, SCORE_WIDTH), FloatField())
    return spans.annotate(rank=position, score=score).order_by("rank")


def ranked_matches(q: str, viewer) -> QuerySet:
    """Index rows matching `q` (ClaimIndex on PostgreSQL, ClaimText on SQLite), each with
    its `span_id` and `score`, best first.

    Where no article is under blind review nothing is sealed, and the rule (a join to the
    articles, and a look for the viewer's verdicts on each match) is left out: a common word
    matches thousands of claims, and the rule was a third of the query.
    """
    hidden = blind.hides_anything(viewer)
    if connection.vendor == "postgresql":
        article = "article"
        matches = postgresql_matches
    else:
        article = "span__article"
        matches = sqlite_matches
    return matches(q, blind.sealed_q(viewer, span="span", article=article) if hidden else NOTHING)


# A condition no row meets (Django leaves it out of the SQL).
NOTHING = Q(pk__in=[])


def postgresql_matches(q: str, sealed: Q) -> QuerySet[ClaimIndex]:
    configs = {
        text_search_config(language)
        for language in Article.objects.values_list("language", flat=True).distinct()
    }
    words, rationales, words_rank, rationales_rank = Q(pk__in=[]), Q(pk__in=[]), [], []
    for config in sorted(configs):
        query = SearchQuery(q, config=config, search_type="websearch")
        in_config = Q(config=config)
        words |= in_config & Q(words_search=query)
        rationales |= in_config & Q(rationales_search=query)
        # Normalisation 32 turns a rank r into r / (r + 1), from 0 to 1.
        words_rank.append(
            When(in_config, then=SearchRank(F("words_search"), query, normalization=32))
        )
        rationales_rank.append(
            When(in_config, then=SearchRank(F("rationales_search"), query, normalization=32))
        )
    ranked = partial(Case, default=Value(0.0), output_field=FloatField())
    return (
        ClaimIndex.objects.filter(words | (rationales & ~sealed))
        .annotate(
            score=Greatest(
                ranked(*words_rank),
                Case(When(sealed, then=Value(0.0)), default=ranked(*rationales_rank) * 0.8),
                output_field=FloatField(),
            )
        )
        .order_by("-score", "-span_id")
    )


class Bm25(Func):
    """SQLite FTS5's rank of the matched row (0 or less: lower is better), from the table's
    hidden column (`ClaimText.everything`)."""

    function = "bm25"
    output_field = FloatField()


def sqlite_matches(q: str, sealed: Q) -> QuerySet[ClaimText]:
    """FTS5 on `ClaimText`: every word of `q` (quoted, so no word is read as an operator)
    in the words or the rationales, the rationales only where the claim is not sealed."""
    terms = search_terms(q) or [q.lower()]
    query = " ".join('"{}"'.format(term.replace('"', '""')) for term in terms)
    in_words = ClaimText.objects.filter(words__matches=query).values("span_id")
    rank = Bm25("everything")
    return (
        ClaimText.objects.filter(everything__matches=query)
        .filter(~sealed | Q(span_id__in=in_words))
        # bm25 r (<= 0) to a score from 0 to 1: -r / (1 - r), as PostgreSQL's rank r / (r + 1).
        .annotate(score=ExpressionWrapper(-rank / (1.0 - rank), output_field=FloatField()))
        .order_by("-score", "-span_id")
    )
