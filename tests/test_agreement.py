"""annotations.agreement: Krippendorff's alpha and observed agreement, without a database.

The worked examples are those of Krippendorff, "Computing Krippendorff's Alpha-Reliability"
(2011): A (binary, two observers), B (nominal, two observers), C (nominal, four observers,
missing values).
"""

import pytest

from annotations.agreement import against_the_rest, agreement, between


def units_of(*observers: str, missing: str = ".") -> list[dict]:
    """Units from one string per observer, a character per unit ("." is a missing value)."""
    units = []
    for position in range(len(observers[0])):
        units.append(
            {
                number: values[position]
                for number, values in enumerate(observers)
                if values[position] != missing
            }
        )
    return units


EXAMPLE_A = units_of("0100000010", "1110010000")
EXAMPLE_B = units_of("aabbdcccedda", "babbbccceddd")
EXAMPLE_C = units_of("123321412...", "1233224125.3", ".3332342251.", "12332441251.")


def test_example_a_binary_two_observers():
    assert agreement(EXAMPLE_A).alpha == pytest.approx(0.095, abs=0.0005)


def test_example_b_nominal_two_observers():
    result = agreement(EXAMPLE_B)

    assert result.alpha == pytest.approx(0.692, abs=0.0005)
    assert result.observed_agreement == pytest.approx(9 / 12)
    assert (result.units, result.pairable_values, result.reviewers) == (12, 24, 2)


def test_example_c_nominal_four_observers_with_missing_values():
    result = agreement(EXAMPLE_C)

    assert result.alpha == pytest.approx(0.743, abs=0.0005)
    # Unit 12 has one value only: not pairable. The other 11 hold 40 values.
    assert (result.units, result.pairable_values, result.reviewers) == (11, 40, 4)


def test_no_units_have_no_alpha():
    result = agreement([])

    assert (result.alpha, result.observed_agreement, result.units) == (None, None, 0)


def test_units_with_one_value_each_are_not_pairable():
    result = agreement([{"ana": "supported"}, {"ben": "disputed"}])

    assert (result.alpha, result.observed_agreement, result.pairable_values) == (None, None, 0)


def test_perfect_agreement_on_one_label_has_no_alpha_but_full_observed_agreement():
    result = agreement([{"ana": "supported", "ben": "supported"}] * 3)

    assert result.alpha is None
    assert result.observed_agreement == 1.0


def test_perfect_agreement_over_several_labels_is_alpha_one():
    units = [{"ana": label, "ben": label} for label in ("supported", "disputed", "unverified")]

    assert agreement(units).alpha == pytest.approx(1.0)


def test_between_two_reviewers_counts_only_claims_both_judged():
    units = [
        {"ana": "supported", "ben": "supported", "cy": "disputed"},
        {"ana": "disputed", "ben": "disputed"},
        {"ana": "supported", "cy": "supported"},
    ]

    result = between(units, "ana", "ben")

    assert (result.units, result.pairable_values, result.reviewers) == (2, 4, 2)
    assert result.observed_agreement == 1.0


def test_against_the_rest_pairs_a_reviewer_with_the_others_majority():
    units = [
        {"ana": "supported", "ben": "disputed", "cy": "disputed"},
        {"ana": "disputed", "ben": "disputed", "cy": "disputed"},
        {"ana": "unverified", "ben": "supported", "cy": "disputed"},  # others split: left out
        {"ben": "supported", "cy": "supported"},  # ana did not judge it
    ]

    result = against_the_rest(units, "ana")

    assert (result.units, result.pairable_values, result.reviewers) == (2, 4, 3)
    assert result.observed_agreement == 0.5
