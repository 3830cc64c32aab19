"""How alike two claims are, from 0 to 1: what "Seen before" ranks by and shows.

Two signals, combined (the weights and the threshold were chosen on the labelled pairs in
tests/claim_pairs.json; the README gives the comparison):
- meaning: the cosine of the claims' vectors (`annotations.embedding`), rescaled so that
  unrelated claims sit near 0;
- words: the share of the shorter claim's words found in the other (rapidfuzz's token set
  ratio), which catches quotes reworded only a little.
Claims that state different figures ("$2.1 trillion" against "$26.7 billion") are different
claims however alike their words: the score is then capped below the threshold.
"""

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

# The weight of meaning against words, and the score from which a suggestion is shown.
MEANING_WEIGHT = 0.6
SHOWN_FROM = 0.65
# The cosine of two unrelated claims, and of two wordings of one claim, for the model.
COSINE_UNRELATED = 0.80
COSINE_SAME = 0.97

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SCALE_WORDS = {"thousand", "million", "billion", "trillion", "percent", "%"}
SCALE = re.compile(r"\b(" + "|".join(sorted(SCALE_WORDS - {"%"})) + r")\b|%", re.IGNORECASE)


def meaning(cosine: float) -> float:
    """A cosine of the model's vectors on the 0..1 scale of the score."""
    return min(1.0, max(0.0, (cosine - COSINE_UNRELATED) / (COSINE_SAME - COSINE_UNRELATED)))


def words(a: str, b: str) -> float:
    """How many of the words of one claim the other has, 0..1 (case and order ignored)."""
    return fuzz.token_set_ratio(a, b, processor=str.lower) / 100


def figures(text: str) -> set[str]:
    """The figures a claim states ("2.1 trillion", "26.7 billion", "1,000"), normalised."""
    found = set()
    for match in NUMBER.finditer(text):
        number = match.group().replace(",", "")
        scale = SCALE.match(text, match.end() + (text[match.end() : match.end() + 1] == " "))
        found.add(f"{number} {scale.group().lower()}" if scale else number)
    return found


def figures_differ(a: str, b: str) -> bool:
    """Whether both claims state figures and share none of them."""
    first, second = figures(a), figures(b)
    return bool(first and second) and not first & second


@dataclass(frozen=True, slots=True)
class Score:
    value: float
    meaning: float
    words: float
    figures_differ: bool

    @property
    def shown(self) -> bool:
        return self.value >= SHOWN_FROM


def score(cosine: float, a: str, b: str) -> Score:
    """How alike claims `a` and `b` are, their vectors' cosine being `cosine`. Not rounded:
    "Seen before" ranks by it, and rounding would tie claims a hair apart (shown, it is)."""
    by_meaning, by_words = meaning(cosine), words(a, b)
    value = MEANING_WEIGHT * by_meaning + (1 - MEANING_WEIGHT) * by_words
    differ = figures_differ(a, b)
    if differ:
        value = min(value, SHOWN_FROM / 2)
    return Score(value, by_meaning, by_words, differ)
