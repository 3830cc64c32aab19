"""How far reviewers agree: Krippendorff's alpha (nominal) and observed agreement.

Pure functions over judgements, no database. A unit is one claim; its values are the labels
its reviewers gave, one per reviewer. Only units with at least two values are pairable and
count; a reviewer who did not judge a claim is a missing value, which alpha allows.

Alpha comes from the `krippendorff` package (Castro's implementation, tested against
Krippendorff's published examples); observed agreement, the share of agreeing pairs of
values within units, is shown beside it because alpha is hard to read on small samples.
"""

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import krippendorff
import numpy

# A claim's judgements: reviewer → label.
Unit = Mapping[Hashable, Hashable]


@dataclass(frozen=True)
class Agreement:
    """Alpha and observed agreement are None when there is not enough data to say."""

    alpha: float | None
    observed_agreement: float | None
    units: int
    pairable_values: int
    reviewers: int

    def as_json(self) -> dict:
        return {
            "alpha": self.alpha,
            "observed_agreement": self.observed_agreement,
            "units": self.units,
            "pairable_values": self.pairable_values,
            "reviewers": self.reviewers,
        }


def agreement(units: Iterable[Unit]) -> Agreement:
    """Alpha and observed agreement over the units that have two values or more.

    Alpha is undefined (None) without pairable values, and when every value is the same
    (no variation to be explained: Krippendorff's expected disagreement is 0).
    """
    pairable = [unit for unit in units if len(unit) >= 2]
    reviewers = sorted({reviewer for unit in pairable for reviewer in unit}, key=str)
    values = sorted({value for unit in pairable for value in unit.values()}, key=str)
    pairable_values = sum(len(unit) for unit in pairable)
    if not pairable:
        return Agreement(None, None, 0, 0, 0)
    observed = _observed_agreement(pairable)
    alpha = None
    if len(values) > 1:
        code = {value: number for number, value in enumerate(values)}
        matrix = numpy.full((len(reviewers), len(pairable)), numpy.nan)
        row = {reviewer: number for number, reviewer in enumerate(reviewers)}
        for column, unit in enumerate(pairable):
            for reviewer, value in unit.items():
                matrix[row[reviewer], column] = code[value]
        alpha = float(
            krippendorff.alpha(
                reliability_data=matrix,
                level_of_measurement="nominal",
                value_domain=list(range(len(values))),
            )
        )
    return Agreement(alpha, observed, len(pairable), pairable_values, len(reviewers))


def _observed_agreement(pairable: list[Unit]) -> float:
    """Agreeing ordered pairs of values within units, over all such pairs."""
    pairs = agreeing = 0
    for unit in pairable:
        counts = Counter(unit.values())
        size = len(unit)
        pairs += size * (size - 1)
        agreeing += sum(count * (count - 1) for count in counts.values())
    return agreeing / pairs


def between(units: Iterable[Unit], first: Hashable, second: Hashable) -> Agreement:
    """Agreement of two reviewers, on the claims both judged."""
    return agreement(
        {reviewer: unit[reviewer] for reviewer in (first, second)}
        for unit in units
        if first in unit and second in unit
    )


REST = "the rest"


def against_the_rest(units: Iterable[Unit], reviewer: Hashable) -> Agreement:
    """One reviewer against the others: as two coders, the reviewer's label and the label
    most of the other reviewers gave. A claim where the others are split evenly between
    labels has no such majority and is left out."""
    units = list(units)
    paired = []
    for unit in units:
        if reviewer not in unit:
            continue
        others = Counter(label for name, label in unit.items() if name != reviewer)
        ranked = others.most_common(2)
        if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
            continue
        paired.append({reviewer: unit[reviewer], REST: ranked[0][0]})
    result = agreement(paired)
    # Two coders by construction; report the people behind them.
    people = {name for unit in units if reviewer in unit for name in unit} if paired else set()
    return Agreement(
        result.alpha,
        result.observed_agreement,
        result.units,
        result.pairable_values,
        len(people),
    )
