"""Tests for display_state_of: the one rule for the state a claim is shown in."""

from annotations.models import display_state_of


def test_display_state_is_the_final_verdict_once_settled() -> None:
    assert display_state_of("supported", ["disputed", "disputed"]) == "supported"


def test_display_state_is_the_reviewers_agreement_before_a_decision() -> None:
    assert display_state_of("", ["disputed", "disputed"]) == "disputed"


def test_display_state_is_split_when_reviewers_disagree() -> None:
    assert display_state_of("", ["disputed", "supported"]) == "split"


def test_display_state_is_none_without_verdicts() -> None:
    assert display_state_of("", []) == "none"
