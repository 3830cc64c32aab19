"""The vectors held in the app process (annotations.vectors): nearest first, never from the
asking claim's article, the same through the shortlist by signs."""

import numpy as np
import pytest

from annotations import embedding, vectors
from annotations.models import ClaimVector
from tests.factories import SpanFactory


def unit(rng, count: int) -> np.ndarray:
    rows = rng.standard_normal((count, embedding.DIMENSIONS)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.fixture
def held(monkeypatch) -> tuple[vectors.VectorIndex, np.ndarray]:
    rng = np.random.default_rng(7)
    rows = unit(rng, 300)
    index = vectors.VectorIndex()
    monkeypatch.setattr(index, "refresh", lambda: None)  # no database here
    index.put_many(
        [(number + 1, number % 10, embedding.to_bytes(row)) for number, row in enumerate(rows)]
    )
    return index, rows


def nearest_exactly(rows: np.ndarray, asked: np.ndarray, article: int, limit: int) -> list[int]:
    cosines = rows @ asked
    cosines[[n for n in range(len(rows)) if n % 10 == article]] = -np.inf
    return [int(n) + 1 for n in np.argsort(-cosines)[:limit]]


def test_the_nearest_claims_come_first(held):
    index, rows = held
    asked = rows[0] + 0.3 * rows[41]
    asked /= np.linalg.norm(asked)
    found = [pk for pk, _ in index.nearest(asked, other_than_article=0, limit=5)]
    exactly = nearest_exactly(rows, asked, 0, 5)
    # int8 values may swap near-equal neighbours, never lose one.
    assert (found[0], set(found)) == (exactly[0], set(exactly))


def test_claims_of_the_asking_article_are_left_out(held):
    index, rows = held
    found = index.nearest(rows[0], other_than_article=0, limit=300)
    assert all((pk - 1) % 10 != 0 for pk, _ in found)


def test_the_shortlist_by_signs_keeps_the_nearest(held, monkeypatch):
    index, rows = held
    monkeypatch.setattr(vectors, "SHORTLIST", 100)
    asked = rows[3] + 0.5 * rows[77]
    asked /= np.linalg.norm(asked)
    found = [pk for pk, _ in index.nearest(asked, other_than_article=3, limit=2)]
    assert found == nearest_exactly(rows, asked, 3, 2)


def test_a_vector_written_again_replaces_the_old_one(held):
    index, rows = held
    index.put_many([(1, 0, embedding.to_bytes(rows[55]))])
    assert index.size == 300
    [(pk, cosine)] = index.nearest(rows[55], other_than_article=5, limit=1)
    assert pk == 1
    assert cosine == pytest.approx(1.0, abs=0.02)


def test_a_held_vector_is_its_signs_and_int8_values_with_one_scale(held):
    index, rows = held
    scale = float(np.abs(rows[7]).max()) / 127
    assert index.scales[7] == pytest.approx(scale)
    assert np.array_equal(index.rows[7], np.round(rows[7] / scale).astype(np.int8))
    assert np.array_equal(index.signs[7], np.packbits(rows[7] > 0).view(np.uint64))


def test_a_batch_holds_new_claims_and_replaces_held_ones(held):
    index, rows = held
    index.put_many(
        [
            (1, 0, embedding.to_bytes(rows[55])),
            (301, 4, embedding.to_bytes(rows[56])),
            (302, 4, embedding.to_bytes(np.zeros(embedding.DIMENSIONS, dtype=np.float32))),
        ]
    )
    assert index.size == 302
    assert index.nearest(rows[55], other_than_article=5, limit=1)[0][0] == 1
    assert index.nearest(rows[56], other_than_article=6, limit=1)[0][0] == 301
    assert index.scales[301] == 1.0  # a zero vector keeps the neutral scale


@pytest.mark.django_db
def test_the_first_search_holds_every_stored_vector(monkeypatch):
    monkeypatch.setattr(vectors, "LOAD_BATCH", 2)  # several batches from five claims
    rows = unit(np.random.default_rng(3), 5)
    spans = [SpanFactory() for _ in rows]
    for span, row in zip(spans, rows, strict=True):
        ClaimVector.objects.create(
            span=span,
            article=span.article,
            vector=embedding.to_bytes(row),
            model=embedding.MODEL,
            digest="test",
        )
    index = vectors.VectorIndex()

    found = index.nearest(rows[2], other_than_article=0, limit=5)

    assert index.size == 5
    assert [pk for pk, _ in found][:1] == [spans[2].pk]
    assert {pk for pk, _ in found} == {span.pk for span in spans}
