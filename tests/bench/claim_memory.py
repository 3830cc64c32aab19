"""The benchmark's claim-memory group: search (`?q=`) and "Seen before" with every claim of
the corpus indexed (100,000 in the full run), making a claim's vector, and the app process's
memory with the model and every vector loaded.

Making 100,000 real vectors would take the model over an hour, so the corpus's claims get
random unit vectors (the same size and type: comparing them costs what comparing real ones
does); their words are indexed as the app indexes them. The vector row times the model on a
real claim.
"""

import json
import os
import subprocess
import sys
import time
from statistics import median

import numpy as np
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import F

from annotations import embedding
from annotations.claim_index import claim_words, text_search_config
from annotations.models import ClaimIndex, ClaimVector, Span

BATCH = 5_000
SEED = 12


def index_corpus() -> int:
    """Index every claim without an entry (random vectors, see the module); returns how many
    claims are indexed."""
    rng = np.random.default_rng(SEED)
    missing = (
        Span.objects.filter(memory__isnull=True)
        .order_by("pk")
        .values_list("pk", "article_id", "quote", "claim", "speaker", "article__language")
    )
    batch = []
    for row in missing.iterator(chunk_size=BATCH):
        batch.append(row)
        if len(batch) == BATCH:
            _store(batch, rng)
            batch = []
    if batch:
        _store(batch, rng)
    if connection.vendor == "postgresql":
        ClaimIndex.objects.filter(words_search__isnull=True).update(
            words_search=SearchVector("words", config=F("config")),
            rationales_search=SearchVector("rationales", config=F("config")),
        )
    # As the corpus builder does: planner statistics, so that the indexes are used at once.
    with connection.cursor() as cursor:
        for table in (ClaimIndex._meta.db_table, ClaimVector._meta.db_table):
            cursor.execute(f"ANALYZE {table}")
    return ClaimIndex.objects.count()


def _store(rows: list[tuple], rng: np.random.Generator) -> None:
    vectors = rng.standard_normal((len(rows), embedding.DIMENSIONS)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ClaimIndex.objects.bulk_create(
        [
            ClaimIndex(
                span_id=pk,
                article_id=article_id,
                words=claim_words(quote, claim, speaker),
                config=text_search_config(language),
            )
            for pk, article_id, quote, claim, speaker, language in rows
        ],
        batch_size=1_000,
    )
    ClaimVector.objects.bulk_create(
        [
            ClaimVector(
                span_id=row[0],
                article_id=row[1],
                vector=embedding.to_bytes(vector),
                model=embedding.MODEL,
                digest="random",
            )
            for row, vector in zip(rows, vectors, strict=True)
        ],
        batch_size=1_000,
    )


def time_vectors(repeats: int) -> dict:
    """The model making one claim's vector (what the background indexer does per claim)."""
    embedding.claim_vectors([("Warming up the model.", "")])
    durations = []
    for number in range(repeats):
        quote = f"Unemployment fell to {4 + number / 10:.1f} percent in March, the minister said."
        started = time.perf_counter()
        embedding.claim_vectors([(quote, "")])
        durations.append((time.perf_counter() - started) * 1000)
    return {"n": repeats, "median_ms": median(durations), "p95_ms": max(durations)}


def app_memory(environment: dict, paths: list[str], headers: dict) -> dict:
    """A fresh app process that loads the model and every vector and answers `paths`: its
    resident-set high-water mark (tests.bench.memory_child)."""
    completed = subprocess.run(
        [sys.executable, "-m", "tests.bench.memory_child"],
        input=json.dumps({"paths": paths, "headers": headers}),
        capture_output=True,
        text=True,
        env={**os.environ, **environment},
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(completed.stderr.strip()[-2000:] or completed.stdout)
    return json.loads(completed.stdout)
