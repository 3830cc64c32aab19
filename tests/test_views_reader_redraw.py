"""What a change in the reader draws again: highlights and legend only when they change."""

import pytest
from django.urls import reverse

from annotations.models import Label
from tests.factories import EvidenceFactory, VerdictFactory
from tests.helpers import FIRST_SENTENCE, span_over

pytestmark = pytest.mark.django_db

PARAGRAPH = '<p class="article-paragraph" id="paragraph-0" hx-swap-oob="true"'
LEGEND = '<nav id="claim-legend"'
MESSAGE_CLEARED = (
    '<div id="reader-message" class="reader-message" role="status" aria-live="polite" '
    'hx-swap-oob="true"></div>'
)


@pytest.fixture
def span(article):
    return span_over(article, FIRST_SENTENCE)


def verdict_url(span) -> str:
    return reverse("annotations:verdict-set", args=[span.pk])


def test_a_verdict_that_changes_the_claims_state_redraws_its_paragraph_and_the_legend(
    htmx_client, span
) -> None:
    response = htmx_client.post(verdict_url(span), {"label": "disputed"})

    content = response.content.decode()
    assert PARAGRAPH in content
    assert LEGEND in content
    assert MESSAGE_CLEARED in content


def test_a_rationale_saved_under_the_same_label_redraws_only_the_panel(
    htmx_client, span, editor
) -> None:
    verdict = VerdictFactory(span=span, reviewer=editor, label=Label.SUPPORTED)

    response = htmx_client.post(
        verdict_url(span),
        {"label": "supported", "rationale": "Two sources.", "version": verdict.version},
    )

    verdict.refresh_from_db()
    assert response.status_code == 200
    assert verdict.rationale == "Two sources."
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="claim-panel"')
    assert PARAGRAPH not in content
    assert LEGEND not in content
    assert MESSAGE_CLEARED in content


def test_a_verdict_that_keeps_a_split_claim_split_redraws_only_the_panel(
    htmx_client, span, second_editor, moderator
) -> None:
    VerdictFactory(span=span, reviewer=second_editor, label=Label.SUPPORTED)
    VerdictFactory(span=span, reviewer=moderator, label=Label.DISPUTED)

    response = htmx_client.post(verdict_url(span), {"label": "unverified"})

    assert response.status_code == 200
    assert span.verdicts.count() == 3
    assert PARAGRAPH not in response.content.decode()


def test_withdrawing_the_only_verdict_redraws_the_claim_as_unjudged(
    htmx_client, span, editor
) -> None:
    VerdictFactory(span=span, reviewer=editor, label=Label.SUPPORTED)

    response = htmx_client.post(reverse("annotations:verdict-delete", args=[span.pk]))

    content = response.content.decode()
    assert not span.verdicts.exists()
    assert f'hl--none hl--lane-0 hl--first is-selected" id="span-{span.pk}"' in content
    assert ("none", "No verdict yet", 1, 0) in response.context["legend"]


def test_restating_a_claim_redraws_only_the_panel(htmx_client, article, editor) -> None:
    span = span_over(article, FIRST_SENTENCE, created_by=editor)
    span.highlighters.add(editor)

    response = htmx_client.post(
        reverse("annotations:span-update", args=[span.pk]),
        {"claim": "Unemployment fell", "speaker": ""},
    )

    span.refresh_from_db()
    assert span.claim == "Unemployment fell"
    content = response.content.decode()
    assert PARAGRAPH not in content
    assert LEGEND not in content


def test_adding_and_removing_evidence_redraws_only_the_panel(htmx_client, span, editor) -> None:
    verdict = VerdictFactory(span=span, reviewer=editor)
    added = htmx_client.post(
        reverse("annotations:evidence-add", args=[span.pk]), {"url": "https://example.org/a"}
    )
    evidence = EvidenceFactory(verdict=verdict)

    removed = htmx_client.post(reverse("annotations:evidence-remove", args=[evidence.pk]))

    assert (added.status_code, removed.status_code) == (200, 200)
    assert verdict.evidence.count() == 1
    for response in (added, removed):
        assert PARAGRAPH not in response.content.decode()


def test_the_legend_after_a_click_counts_every_claim_of_the_article(
    htmx_client, article, span, editor, second_editor, moderator
) -> None:
    split = span_over(article, "Officials denied it.")
    VerdictFactory(span=split, reviewer=second_editor, label=Label.SUPPORTED)
    VerdictFactory(span=split, reviewer=moderator, label=Label.UNVERIFIED)
    settled = span_over(article, "Critics said", final_label=Label.DISPUTED)
    VerdictFactory(span=settled, reviewer=second_editor, label=Label.SUPPORTED)
    orphan = span_over(article, "The minister said", is_orphaned=True)
    VerdictFactory(span=orphan, reviewer=second_editor, label=Label.SUPPORTED)

    response = htmx_client.post(verdict_url(span), {"label": "supported"})

    assert [(state, count) for state, _, count, _ in response.context["legend"]] == [
        ("supported", 1),
        ("disputed", 1),
        ("unverified", 0),
        ("split", 1),
        ("none", 0),
    ]
    assert response.context["claim_count"] == 3
    assert response.context["orphaned_count"] == 1


def test_marking_a_judged_claim_again_shows_its_verdicts_in_the_panel(
    htmx_client, article, second_editor
) -> None:
    existing = span_over(article, FIRST_SENTENCE)
    VerdictFactory(span=existing, reviewer=second_editor, label=Label.DISPUTED)
    start = article.text.index(FIRST_SENTENCE)

    response = htmx_client.post(
        reverse("annotations:span-create", args=[article.pk]),
        {"start": start, "end": start + len(FIRST_SENTENCE), "quote": FIRST_SENTENCE},
    )

    assert response.status_code == 201
    assert response.context["other_verdicts"] == list(existing.verdicts.all())
    assert response.context["span_display_state"] == "disputed"
    assert PARAGRAPH in response.content.decode()
