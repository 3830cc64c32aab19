"""The quality of "Seen before" on the labelled pairs (issue 12, point 5): the method the app
ships meets the targets, and claims sharing only topic words stay below the threshold."""

import pytest

from annotations import embedding, similarity
from annotations.api.fields import ScoreField
from tests.bench import claim_matching


@pytest.fixture(scope="module")
def quality() -> dict:
    claims, pairs = claim_matching.labelled_set()
    scorer, threshold = claim_matching.shipped(claims)
    return claim_matching.evaluate(claims, pairs, scorer, threshold)


def test_the_same_claim_is_in_the_top_three_nine_times_in_ten(quality):
    assert quality["recall@3"] >= 0.9


def test_most_suggestions_shown_are_the_same_claim(quality):
    assert quality["precision"] >= 0.9


def test_the_war_cost_and_the_military_aid_stay_below_the_threshold():
    claims = {claim.id: claim for claim in claim_matching.labelled_set()[0]}
    cost, aid = claims["rt-war-cost-2-1-trillion"], claims["npa-ukraine-aid-26-7-billion"]
    vectors = embedding.claim_vectors([(cost.quote, cost.claim), (aid.quote, aid.claim)])
    assert not similarity.score(float(vectors[0] @ vectors[1]), cost.text, aid.text).shown


def test_figures_are_read_with_their_scale():
    assert similarity.figures("cost $2.1 trillion and 26.7 billion") == {
        "2.1 trillion",
        "26.7 billion",
    }


def test_claims_stating_different_figures_differ():
    assert similarity.figures_differ("cost $2.1 trillion", "gave $26.7 billion")


def test_claims_stating_the_same_figure_do_not_differ():
    assert not similarity.figures_differ("4.2 percent in March", "fell to 4.2 percent")


def test_claims_a_hair_apart_do_not_tie():
    text = "Russia has opened channels to the Taliban."
    closer = similarity.score(0.90077, text, "Moscow talks to the Taliban.")
    further = similarity.score(0.90072, text, "Moscow talks to the Taliban.")
    assert closer.value > further.value


def test_the_api_shows_a_likeness_to_four_decimals():
    assert ScoreField().to_representation(0.551279653) == 0.5513
