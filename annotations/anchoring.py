"""Re-anchoring: find an annotated span again in a revised text by its quote and context."""

import heapq
from bisect import bisect_left
from dataclasses import dataclass

from diff_match_patch import diff_match_patch

# A fuzzy match is accepted only if at most this share of the quote's length was edited.
MAX_EDIT_RATIO = 0.25

_MATCH_THRESHOLD = 0.5
_MATCH_DISTANCE = 1000
# Bitap scores a match as errors/len(pattern) + drift/_MATCH_DISTANCE and rejects scores over
# _MATCH_THRESHOLD, so it never looks further than this from the expected position; handing
# it only that window keeps each search cheap regardless of article length.
_REACH = int(_MATCH_THRESHOLD * _MATCH_DISTANCE) + 1
# Bitap is designed for patterns up to Match_MaxBits (32) characters, so a longer quote is
# located by its first and last slices, as diff-match-patch's own patch_apply does.
_SLICE = 32
# Quote slices shorter than this occur too often to be useful clues.
_MIN_SEED = 4
# Bitap runs in pure Python, so only the most promising expected positions are searched.
_MAX_CANDIDATES = 5
# A text that repeats itself holds a quote, or its context, at thousands of places: only the
# occurrences nearest the old position are compared, so re-anchoring one span costs about
# the same in any text (a 2,000,000-character revision with 250 spans stays within seconds).
MAX_EXACT_OCCURRENCES = 64
MAX_CLUE_OCCURRENCES = 256
# A fuzzy match is sought only this near the old position; an exact one anywhere.
FUZZY_REACH = 20_000

_dmp = diff_match_patch()
_dmp.Match_Threshold = _MATCH_THRESHOLD
_dmp.Match_Distance = _MATCH_DISTANCE


@dataclass(frozen=True)
class Anchor:
    """Code-point span where a quote was found; ``exact`` is False for a fuzzy match."""

    start: int
    end: int
    exact: bool


def find_anchor(
    text: str, *, quote: str, prefix: str = "", suffix: str = "", hint: int | None = None
) -> Anchor | None:
    """Find ``quote`` in ``text``; return None if it is gone (the caller orphans the span).

    An exact occurrence wins over any fuzzy one. Among the MAX_EXACT_OCCURRENCES nearest
    ``hint`` (the old start offset), the one whose surroundings best match
    ``prefix``/``suffix`` wins, then the one nearest ``hint``, then the earliest. Without an
    exact occurrence, an approximate match with at most MAX_EDIT_RATIO of the quote edited is
    sought, within FUZZY_REACH of ``hint``, with diff-match-patch's bitap search around the
    likeliest positions (where the hint, verbatim context and the quote's verbatim ends agree)
    and returned with ``exact=False``.
    """
    if not quote:
        raise ValueError("quote must not be empty")
    return _exact_anchor(text, quote, prefix, suffix, hint) or _fuzzy_anchor(
        text, quote, prefix, suffix, hint
    )


def _exact_anchor(
    text: str, quote: str, prefix: str, suffix: str, hint: int | None
) -> Anchor | None:
    best = min(
        nearest_occurrences(text, quote, hint, limit=MAX_EXACT_OCCURRENCES),
        key=lambda start: _rank(text, start, start + len(quote), prefix, suffix, hint),
        default=None,
    )
    return None if best is None else Anchor(best, best + len(quote), exact=True)


def _fuzzy_anchor(
    text: str, quote: str, prefix: str, suffix: str, hint: int | None
) -> Anchor | None:
    budget = int(len(quote) * MAX_EDIT_RATIO)
    if budget == 0:
        return None
    # Candidates come best-corroborated first, and a failed bitap search is the costly
    # part, so the first acceptable match wins rather than the overall smallest distance.
    for expected in _candidate_starts(text, quote, prefix, suffix, hint, budget):
        span = _approximate_span(text, quote, expected)
        if span is not None and _edit_distance(quote, text[span[0] : span[1]], budget) <= budget:
            return Anchor(*span, exact=False)
    return None


def _rank(
    text: str, start: int, end: int, prefix: str, suffix: str, hint: int | None
) -> tuple[int, int, int]:
    """Sort key for exact matches: best context first, then nearest the hint, then earliest."""
    before = text[max(0, start - len(prefix)) : start]
    context = _dmp.diff_commonSuffix(before, prefix) + _dmp.diff_commonPrefix(
        text[end : end + len(suffix)], suffix
    )
    return -context, 0 if hint is None else abs(start - hint), start


def _candidate_starts(
    text: str, quote: str, prefix: str, suffix: str, hint: int | None, budget: int
) -> list[int]:
    """Expected start positions worth a bitap search, where most clues agree first.

    Each clue (the old offset, verbatim occurrences of the context or of the quote's ends)
    proposes starts; an edit to the quote moves its true start by at most ``budget``.
    """
    clues = _clues(text, quote, prefix, suffix, hint)
    if hint is not None:
        clues.append([hint])
    pool = {start for clue in clues for start in clue}

    def priority(start: int) -> tuple[int, int, int]:
        votes = sum(_has_near(clue, start, budget) for clue in clues)
        return -votes, 0 if hint is None else abs(start - hint), start

    return heapq.nsmallest(_MAX_CANDIDATES, pool, key=priority)


def _clues(text: str, quote: str, prefix: str, suffix: str, hint: int | None) -> list[list[int]]:
    """Sorted lists of starts implied by verbatim context and quote ends (near the hint)."""

    def near(needle: str) -> list[int]:
        lo, hi = 0, len(text)
        if hint is not None:
            lo, hi = max(0, hint - FUZZY_REACH), min(len(text), hint + FUZZY_REACH)
        return nearest_occurrences(text, needle, hint, limit=MAX_CLUE_OCCURRENCES, lo=lo, hi=hi)

    clues = []
    if prefix:
        clues.append([i + len(prefix) for i in near(prefix)])
    if suffix:
        clues.append([i - len(quote) for i in near(suffix)])
    seed = min(_SLICE, len(quote) // 2)
    if seed >= _MIN_SEED:
        clues.append(near(quote[:seed]))
        clues.append([i + seed - len(quote) for i in near(quote[-seed:])])
    return clues


def _has_near(sorted_starts: list[int], start: int, tolerance: int) -> bool:
    i = bisect_left(sorted_starts, start - tolerance)
    return i < len(sorted_starts) and sorted_starts[i] <= start + tolerance


def _approximate_span(text: str, quote: str, expected_start: int) -> tuple[int, int] | None:
    """Bitap-locate the quote's start near ``expected_start``, then its end from the right."""
    start = _bitap_start(text, quote[:_SLICE], expected_start)
    if start is None:
        return None
    end = _bitap_end(text, quote[-_SLICE:], start + len(quote))
    if end is None or end <= start:
        return None
    return start, end


def _bitap_start(text: str, pattern: str, loc: int) -> int | None:
    """Start of the best approximate match of ``pattern`` near ``loc``."""
    loc = min(max(loc, 0), len(text))
    lo = max(0, loc - _REACH)
    window = text[lo : loc + _REACH + len(pattern)]
    found = _dmp.match_main(window, pattern, loc - lo)
    return None if found == -1 else lo + found


def _bitap_end(text: str, pattern: str, loc: int) -> int | None:
    """End of the best approximate match of ``pattern`` near end position ``loc``."""
    # Bitap anchors a match by where it starts; reversing both strings anchors it by its end.
    loc = min(max(loc, 0), len(text))
    hi = min(len(text), loc + _REACH)
    window = text[max(0, loc - _REACH - len(pattern)) : hi][::-1]
    found = _dmp.match_main(window, pattern[::-1], hi - loc)
    return None if found == -1 else hi - found


def _edit_distance(quote: str, candidate: str, budget: int) -> int:
    """Levenshtein distance, or just something over ``budget`` when lengths already say so."""
    if abs(len(quote) - len(candidate)) > budget:
        return budget + 1
    return _dmp.diff_levenshtein(_dmp.diff_main(quote, candidate, False))


def nearest_occurrences(
    text: str, needle: str, near: int | None, *, limit: int, lo: int = 0, hi: int | None = None
) -> list[int]:
    """Sorted starts of the (possibly overlapping) occurrences of ``needle`` inside
    ``text[lo:hi]``: at most ``limit`` of them, the nearest to ``near`` (the first ones
    without it). Searches outwards from ``near``, so a text holding the needle a million
    times costs no more than one holding it ``limit`` times."""
    hi = len(text) if hi is None else hi
    if near is None:
        near = lo
    near = min(max(near, lo), hi)
    found = []
    after = text.find(needle, near, hi)
    # Occurrences that start before `near` end before near + len(needle) - 1.
    before = text.rfind(needle, lo, near + len(needle) - 1) if near > lo else -1
    while len(found) < limit and (after != -1 or before != -1):
        if before == -1 or (after != -1 and after - near <= near - before):
            found.append(after)
            after = text.find(needle, after + 1, hi)
        else:
            found.append(before)
            before = text.rfind(needle, lo, before + len(needle) - 1) if before > lo else -1
    return sorted(found)
