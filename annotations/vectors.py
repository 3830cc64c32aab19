"""The vectors of every indexed claim, held in this process for "Seen before".

Neither database here compares vectors, so each app process keeps them in memory, twice
compressed: the sign of each dimension (48 bytes a claim) to pick candidates fast by Hamming
distance, and int8 values with one scale per row (384 bytes a claim) to rank those candidates
by cosine. At 100,000 claims that is 43 MB, and one search reads the signs of all of them and
the values of `SHORTLIST` (binary quantisation with rescoring).

Each search first reads the rows written since shortly before the previous search (an
indexed query on `ClaimVector.updated_at`), so every process sees new and edited claims. A
deleted claim's row stays until the process restarts; its id then finds no claim and is
dropped by the caller.
"""

import datetime
import threading

import numpy as np
from django.utils import timezone

from annotations import embedding
from annotations.models import ClaimVector

# Rows written this long before the previous refresh began are read again: a transaction
# that commits late carries an earlier `updated_at`, and clocks of app servers differ a little.
OVERLAP = datetime.timedelta(seconds=2)
LOAD_BATCH = 5_000
# How many claims, nearest by their signs, are ranked by their values.
SHORTLIST = 1_000
WORDS = embedding.DIMENSIONS // 64  # the signs of a vector, as 64-bit words


class VectorIndex:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.clear()

    def clear(self) -> None:
        self.size = 0
        self.ids = np.zeros(0, dtype=np.int64)
        self.articles = np.zeros(0, dtype=np.int64)
        self.signs = np.zeros((0, WORDS), dtype=np.uint64)
        self.rows = np.zeros((0, embedding.DIMENSIONS), dtype=np.int8)
        self.scales = np.zeros(0, dtype=np.float32)
        self.position: dict[int, int] = {}
        self.refreshed: datetime.datetime | None = None

    def refresh(self) -> None:
        """Read the vectors written since the last refresh (all of them the first time)."""
        started = timezone.now()
        changed = ClaimVector.objects.filter(model=embedding.MODEL).order_by()
        if self.refreshed is not None:
            changed = changed.filter(updated_at__gte=self.refreshed - OVERLAP)
        else:
            # Room for every claim at once: growing step by step copies the rows held so far.
            self.grow(self.size + changed.count())
        rows = changed.values_list("span_id", "article_id", "vector")
        batch = []
        for row in rows.iterator(chunk_size=LOAD_BATCH):
            batch.append(row)
            if len(batch) == LOAD_BATCH:
                self.put_many(batch)
                batch = []
        self.put_many(batch)
        self.refreshed = started

    def put_many(self, rows: list[tuple[int, int, bytes]]) -> None:
        """Hold claims' vectors, (span id, article id, stored vector) each, replacing those
        held already; the arithmetic on the whole batch at once (the first search after a
        process starts holds every claim: one at a time, 100,000 took seconds)."""
        if not rows:
            return
        at = np.empty(len(rows), dtype=np.int64)
        for number, (span_id, _, _) in enumerate(rows):
            position = self.position.get(span_id)
            if position is None:
                position = self.position[span_id] = self.size
                self.size += 1
            at[number] = position
        self.grow(self.size)
        vectors = np.frombuffer(b"".join(bytes(row[2]) for row in rows), dtype=np.float32)
        vectors = vectors.reshape(len(rows), embedding.DIMENSIONS)
        # One scale per row maps its largest value to 127 (a zero vector keeps scale 1).
        scales = (np.abs(vectors).max(axis=1) / 127).astype(np.float32)
        scales[scales == 0] = 1.0
        self.ids[at] = [row[0] for row in rows]
        self.articles[at] = [row[1] for row in rows]
        self.signs[at] = signs_of(vectors)
        self.rows[at] = np.round(vectors / scales[:, None]).astype(np.int8)
        self.scales[at] = scales

    def grow(self, needed: int) -> None:
        """Room for `needed` rows, doubling: appending one claim copies nothing most times."""
        if needed <= len(self.ids):
            return
        extra = max(needed, 2 * len(self.ids), 1024) - len(self.ids)
        self.ids = np.concatenate([self.ids, np.zeros(extra, dtype=np.int64)])
        self.articles = np.concatenate([self.articles, np.full(extra, -1, dtype=np.int64)])
        self.signs = np.concatenate([self.signs, np.zeros((extra, WORDS), dtype=np.uint64)])
        self.rows = np.concatenate(
            [self.rows, np.zeros((extra, embedding.DIMENSIONS), dtype=np.int8)]
        )
        self.scales = np.concatenate([self.scales, np.zeros(extra, dtype=np.float32)])

    def nearest(
        self, vector: np.ndarray, *, other_than_article: int, limit: int
    ) -> list[tuple[int, float]]:
        """The `limit` claims outside the article whose vectors are nearest `vector`:
        [(span id, cosine), ...], nearest first."""
        with self.lock:
            self.refresh()
            outside = np.flatnonzero(self.articles[: self.size] != other_than_article)
            if not len(outside):
                return []
            if len(outside) > SHORTLIST:
                distances = np.bitwise_count(self.signs[outside] ^ signs_of(vector)).sum(
                    axis=1, dtype=np.uint16
                )
                outside = outside[np.argpartition(distances, SHORTLIST - 1)[:SHORTLIST]]
            rows = self.rows[outside].astype(np.float32)
            cosines = (rows @ vector.astype(np.float32)) * self.scales[outside]
            best = np.argsort(-cosines)[:limit]
            return [(int(self.ids[outside[at]]), float(cosines[at])) for at in best]


def signs_of(vectors: np.ndarray) -> np.ndarray:
    """The signs of a vector (or of each row of a matrix) as 64-bit words."""
    return np.packbits(vectors > 0, axis=-1).view(np.uint64)


index = VectorIndex()
