"""The verdict labels, and what a claim's labels add up to (its consensus, the state it shows)."""

from collections import Counter
from collections.abc import Iterable

from django.db import models


class Label(models.TextChoices):
    SUPPORTED = "supported", "Supported"
    DISPUTED = "disputed", "Disputed"
    UNVERIFIED = "unverified", "Unverified"


def label_error(value: str) -> str:
    """The one message for a label that is not a verdict label; `value` may be a placeholder
    ("{input}" for DRF, "%(value)s" for Django forms)."""
    return f"“{value}” is not a verdict label: use {', '.join(Label.values)}."


class Consensus(models.TextChoices):
    """What a span's verdicts add up to, as the reader and the admin show it."""

    SUPPORTED = "supported", "Supported"
    DISPUTED = "disputed", "Disputed"
    UNVERIFIED = "unverified", "Unverified"
    SPLIT = "split", "Split"
    NONE = "none", "No verdict yet"
    # Not a sum of verdicts: what an editor is shown under blind review (annotations.blind).
    HIDDEN = "hidden", "Hidden until you judge"


def consensus_of(labels: Iterable[str]) -> Consensus:
    distinct = set(labels)
    if not distinct:
        return Consensus.NONE
    if len(distinct) > 1:
        return Consensus.SPLIT
    return Consensus(distinct.pop())


def display_state_of(final_label: str, labels: Iterable[str]) -> str:
    """The final verdict once a moderator settled it, otherwise the reviewers' consensus."""
    return final_label or consensus_of(labels)


def majority_of(labels: Iterable[str]) -> str | None:
    """The label most reviewers gave, or None when there is no verdict or the top is a tie."""
    ranked = Counter(labels).most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]
