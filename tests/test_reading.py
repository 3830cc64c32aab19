"""Tests for the reader's read model: display states, the legend's counts, the highlights."""

import pytest
from django.db.models import Exists, OuterRef

from annotations import reading
from annotations.models import Label, Span
from tests.factories import ArticleFactory, EvidenceFactory, VerdictFactory
from tests.helpers import span_over

# The display state from a final label and the labels given (no database)


def test_display_state_is_the_final_label_once_a_moderator_settled_the_claim() -> None:
    assert reading.display_state("supported", "disputed") == "supported"


def test_display_state_is_split_when_reviewers_gave_different_labels() -> None:
    assert reading.display_state("", "disputed,supported,disputed") == "split"


def test_display_state_is_the_one_label_every_reviewer_gave() -> None:
    assert reading.display_state("", "unverified,unverified") == "unverified"


def test_display_state_is_none_without_verdicts() -> None:
    assert reading.display_state("", None) == "none"


# From the database


@pytest.fixture
def claims(article, editor, second_editor, moderator) -> dict[str, Span]:
    """One claim in each state, and an orphaned one, in the `article` fixture's text."""
    settled = span_over(article, "The minister said", final_label=Label.DISPUTED)
    split = span_over(article, "Officials denied it.")
    agreed = span_over(article, "Critics said")
    unjudged = span_over(article, "in March.")
    orphan = span_over(article, "part-time workers", is_orphaned=True)
    for span, reviewer, label in [
        (settled, editor, Label.SUPPORTED),
        (settled, second_editor, Label.SUPPORTED),
        (split, editor, Label.SUPPORTED),
        (split, second_editor, Label.DISPUTED),
        (agreed, editor, Label.UNVERIFIED),
        (agreed, moderator, Label.UNVERIFIED),
        (orphan, editor, Label.DISPUTED),
    ]:
        VerdictFactory(span=span, reviewer=reviewer, label=label)
    return {
        "settled": settled,
        "split": split,
        "agreed": agreed,
        "unjudged": unjudged,
        "orphan": orphan,
    }


def states(claims_read: reading.Claims) -> dict[int, str]:
    return {mark.id: mark.display_state for mark in claims_read.marks}


@pytest.mark.django_db
def test_claims_of_an_article_shows_each_live_claim_in_its_state(article, claims, editor) -> None:
    result = reading.article_claims(article, editor)

    assert states(result) == {
        claims["settled"].pk: "disputed",
        claims["split"].pk: "split",
        claims["agreed"].pk: "unverified",
        claims["unjudged"].pk: "none",
    }
    assert result.counts == {
        "supported": 0,
        "disputed": 1,
        "unverified": 1,
        "split": 1,
        "none": 1,
        "hidden": 0,
    }
    assert (result.claim_count, result.orphaned) == (4, 1)


@pytest.mark.django_db
def test_claims_of_a_range_marks_only_the_claims_in_it_but_counts_every_claim(
    article, claims, editor
) -> None:
    first_paragraph = (0, article.text.index("\n\n"))

    result = reading.article_claims(article, editor, marked=first_paragraph)

    assert states(result) == {claims["settled"].pk: "disputed", claims["unjudged"].pk: "none"}
    assert (result.claim_count, result.orphaned) == (4, 1)


@pytest.mark.django_db
def test_claims_of_stays_right_when_the_spans_are_filtered_through_a_join_on_spans(
    article, claims, editor
) -> None:
    elsewhere = span_over(ArticleFactory(), "Critics said")
    VerdictFactory(span=elsewhere, reviewer=editor, label=Label.SUPPORTED)
    # Claims of articles holding a claim a moderator settled: the span table joined again.
    spans = Span.objects.filter(article__spans__final_label=Label.DISPUTED).distinct()

    result = reading.claims_of(article, spans, editor)

    assert states(result) == states(reading.article_claims(article, editor))
    assert result.counts == reading.article_claims(article, editor).counts


@pytest.mark.django_db
def test_labels_given_stays_right_in_a_subquery_correlated_with_the_outer_spans(
    article, claims
) -> None:
    # Claims sharing their article with another claim someone judged unverified. SQL naming
    # the span table would read the outer claim's verdicts here, not the other claim's.
    judged_unverified = (
        Span.objects.filter(article=OuterRef("article"))
        .exclude(pk=OuterRef("pk"))
        .annotate(labels_given=reading.LABELS_GIVEN)
        .filter(labels_given__contains=Label.UNVERIFIED)
    )

    found = Span.objects.filter(Exists(judged_unverified), is_orphaned=False)

    assert set(found) == {claims["settled"], claims["split"], claims["unjudged"]}


@pytest.mark.django_db
def test_claims_at_lists_the_claims_covering_a_character(article, claims, editor) -> None:
    inner = span_over(article, "said unemployment")

    marks = reading.claims_at(article, article.text.index("said"), editor)

    assert {mark.id: mark.display_state for mark in marks} == {
        claims["settled"].pk: "disputed",
        inner.pk: "none",
    }


@pytest.mark.django_db
def test_span_to_change_gives_the_state_shown_before_the_change(claims, editor) -> None:
    span = reading.span_to_change(Span.objects.all(), editor).get(pk=claims["split"].pk)

    assert reading.display_state(span.final_label, span.labels_given) == "split"


@pytest.mark.django_db
def test_verdicts_read_again_loads_the_lists_with_verdicts_gives(claims, editor) -> None:
    split = claims["split"]
    EvidenceFactory(verdict=split.verdicts.get(reviewer=editor))
    span = Span.objects.get(pk=split.pk)
    span.verdict_list = []

    reading.verdicts_read_again(span)

    expected = Span.objects.with_verdicts().get(pk=split.pk)
    assert span.highlighter_list == expected.highlighter_list
    assert span.verdict_list == expected.verdict_list
    assert [verdict.evidence_list for verdict in span.verdict_list] == [
        verdict.evidence_list for verdict in expected.verdict_list
    ]
    assert span.display_state == "split"
