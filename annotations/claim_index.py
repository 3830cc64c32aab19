"""The claim index (`ClaimIndex`): what search and "Seen before" find each claim by.

Every change to a claim or its verdicts records a Change (`services.changes`), which asks
for the claim to be indexed again once the change commits, in the background
(`index_claims`, run by the worker): making a claim's vector takes the model tens of
milliseconds, more than a click should wait. A bulk import asks once for all its claims.
"""

import hashlib
import threading
from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import F
from django.tasks import task

from annotations import embedding
from annotations.models import ClaimIndex, ClaimVector, Span, Verdict

# PostgreSQL's text search configurations, by the article's language code (stemming);
# "simple" (no stemming) for the others.
TEXT_SEARCH_CONFIGS = {
    "ar": "arabic",
    "ca": "catalan",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}


def text_search_config(language: str) -> str:
    return TEXT_SEARCH_CONFIGS.get(language.lower().split("-")[0], "simple")


def claim_words(quote: str, claim: str, speaker: str) -> str:
    """What search finds a claim by, besides its rationales."""
    return "\n".join(part for part in (quote, claim, speaker) if part)


def claim_text(quote: str, claim: str) -> str:
    """What a claim's words are compared by: its quote, and its restated claim if any."""
    return f"{quote}\n{claim}" if claim else quote


class Waiting(threading.local):
    """The claims this thread asked to index since its last task was enqueued."""

    def __init__(self) -> None:
        self.span_ids: set[int] = set()


waiting = Waiting()


def index_later(span_ids: Iterable[int]) -> None:
    """Index these claims once the current transaction commits (in the background).

    The claims asked for in one transaction go into one task: a labelled claim records two
    changes (created, judged) but is indexed once.
    """
    waiting.span_ids.update(span_ids)
    transaction.on_commit(enqueue_waiting, robust=True)


def enqueue_waiting() -> None:
    """After a commit, the first of its `index_later` callbacks enqueues every claim waiting
    and the others find none. Claims a rolled-back write asked for wait for the next commit:
    indexing a claim again is harmless, and a claim that is gone is skipped."""
    span_ids, waiting.span_ids = waiting.span_ids, set()
    if span_ids:
        index_claims.enqueue(sorted(span_ids))


@task
def index_claims(span_ids: list[int]) -> None:
    """The background task: `index` the claims given (tasks take JSON)."""
    index(span_ids)


def index(span_ids: list[int]) -> None:
    """Write the index entries of these claims (a deleted one is skipped): their words and
    rationales, and their vectors where their words changed."""
    spans = list(
        Span.objects.filter(pk__in=span_ids)
        .select_related("article")
        .only("pk", "quote", "claim", "speaker", "article__language")
    )
    rationales: dict[int, list[str]] = {}
    for span_id, rationale in (
        Verdict.objects.filter(span__in=span_ids)
        .exclude(rationale="")
        .order_by("pk")
        .values_list("span_id", "rationale")
    ):
        rationales.setdefault(span_id, []).append(rationale)
    entries = [
        ClaimIndex(
            span=span,
            article_id=span.article_id,
            words=claim_words(span.quote, span.claim, span.speaker),
            rationales="\n".join(rationales.get(span.pk, [])),
            config=text_search_config(span.article.language),
        )
        for span in spans
    ]
    vectors = new_vectors(spans)
    with transaction.atomic():
        ClaimIndex.objects.bulk_create(
            entries,
            update_conflicts=True,
            unique_fields=["span"],
            update_fields=["article", "words", "rationales", "config", "updated_at"],
        )
        ClaimVector.objects.bulk_create(
            vectors,
            update_conflicts=True,
            unique_fields=["span"],
            update_fields=["article", "vector", "model", "digest", "updated_at"],
        )
        if connection.vendor == "postgresql":
            ClaimIndex.objects.filter(span__in=[span.pk for span in spans]).update(
                words_search=SearchVector("words", config=F("config")),
                rationales_search=SearchVector("rationales", config=F("config")),
            )


def words_digest(span: Span) -> str:
    return hashlib.sha256(f"{embedding.MODEL}\0{span.quote}\0{span.claim}".encode()).hexdigest()


def new_vectors(spans: list[Span]) -> list[ClaimVector]:
    """Vectors for the spans whose words (or the model) changed since theirs was made."""
    stored = dict(
        ClaimVector.objects.filter(span__in=[span.pk for span in spans]).values_list(
            "span_id", "digest"
        )
    )
    changed = [span for span in spans if stored.get(span.pk) != words_digest(span)]
    made = embedding.claim_vectors([(span.quote, span.claim) for span in changed])
    return [
        ClaimVector(
            span=span,
            article_id=span.article_id,
            vector=embedding.to_bytes(vector),
            model=embedding.MODEL,
            digest=words_digest(span),
        )
        for span, vector in zip(changed, made, strict=True)
    ]
