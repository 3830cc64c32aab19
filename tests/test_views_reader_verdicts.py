"""Tests for the claim panel's verdict and evidence endpoints."""

import pytest
from django.urls import reverse

from annotations.models import Evidence, Label, Span, Verdict
from tests.factories import EvidenceFactory, VerdictFactory
from tests.helpers import FIRST_SENTENCE, signed_in_client, span_over

pytestmark = pytest.mark.django_db


@pytest.fixture
def span(article):
    return span_over(article, FIRST_SENTENCE)


def verdict_url(span: Span) -> str:
    return reverse("annotations:verdict-set", args=[span.pk])


def evidence_url(span: Span) -> str:
    return reverse("annotations:evidence-add", args=[span.pk])


# Setting a verdict


def test_verdict_set_creates_the_reviewers_verdict(htmx_client, span, editor) -> None:
    response = htmx_client.post(
        verdict_url(span), {"label": "disputed", "rationale": "The office says 4.4."}
    )

    verdict = Verdict.objects.get(span=span)
    assert response.status_code == 200
    assert (verdict.reviewer, verdict.label, verdict.rationale) == (
        editor,
        Label.DISPUTED,
        "The office says 4.4.",
    )
    content = response.content.decode()
    assert (
        'value="disputed" class="verdict-button verdict-button--disputed" '
        'aria-pressed="true"' in content
    )


def test_verdict_set_recolours_the_highlight_and_counts_in_place(htmx_client, span) -> None:
    response = htmx_client.post(verdict_url(span), {"label": "supported", "rationale": ""})

    content = response.content.decode()
    paragraph = content[
        content.index('<p class="article-paragraph" id="paragraph-0" hx-swap-oob') :
    ]
    assert f'hl--supported hl--lane-0 hl--first is-selected" id="span-{span.pk}"' in paragraph
    assert ("supported", "Supported", 1, 0) in response.context["legend"]


def test_verdict_set_redraws_only_the_paragraphs_of_the_claim(htmx_client, span) -> None:
    response = htmx_client.post(verdict_url(span), {"label": "supported", "rationale": ""})

    content = response.content.decode()
    assert content.count('class="article-paragraph"') == 1
    assert 'id="paragraph-0"' in content


def test_verdict_set_redraws_under_the_filter_the_page_shows(htmx_client, span, article):
    page = f"http://testserver{reverse('annotations:article-detail', args=[article.pk])}"

    response = htmx_client.post(
        verdict_url(span),
        {"label": "supported", "rationale": ""},
        headers={"HX-Current-URL": f"{page}?shown=disputed"},
    )

    content = response.content.decode()
    assert 'id="paragraph-0"' in content
    assert f'id="span-{span.pk}"' not in content
    assert response.context["shown_state"] == "disputed"


def test_verdict_set_changes_an_existing_verdict(htmx_client, span, editor) -> None:
    verdict = VerdictFactory(span=span, reviewer=editor, label=Label.SUPPORTED)

    response = htmx_client.post(
        verdict_url(span), {"label": "unverified", "rationale": "", "version": verdict.version}
    )

    verdict.refresh_from_db()
    assert response.status_code == 200
    assert (verdict.label, verdict.version) == (Label.UNVERIFIED, 2)


def test_verdict_set_without_htmx_redirects_to_the_claim(editor_client, span) -> None:
    response = editor_client.post(verdict_url(span), {"label": "supported"})

    assert response.status_code == 302
    assert response.url == reverse("annotations:span-detail", args=[span.pk])
    assert Verdict.objects.filter(span=span, label=Label.SUPPORTED).exists()


def test_verdict_set_with_a_stale_version_says_so_and_keeps_the_newer(htmx_client, span, editor):
    verdict = VerdictFactory(span=span, reviewer=editor, label=Label.SUPPORTED, version=3)

    response = htmx_client.post(
        verdict_url(span), {"label": "disputed", "rationale": "Typed text", "version": 2}
    )

    verdict.refresh_from_db()
    assert response.status_code == 412
    content = response.content.decode()
    assert "Your verdict changed since this page loaded" in content
    assert "Typed text" in content
    assert 'name="version" value="3"' in content
    assert (verdict.label, verdict.version) == (Label.SUPPORTED, 3)


def test_verdict_set_refuses_an_unknown_label(htmx_client, span) -> None:
    response = htmx_client.post(verdict_url(span), {"label": "false", "rationale": ""})

    assert response.status_code == 400
    assert "“false” is not a verdict" in response.content.decode()
    assert not Verdict.objects.exists()


def test_verdict_set_refuses_a_missing_label(htmx_client, span) -> None:
    response = htmx_client.post(verdict_url(span), {"rationale": "No label"})

    assert response.status_code == 400
    assert "Choose supported, disputed or unverified." in response.content.decode()
    assert not Verdict.objects.exists()


def test_verdict_set_refuses_a_nul_in_the_rationale(htmx_client, span) -> None:
    response = htmx_client.post(verdict_url(span), {"label": "supported", "rationale": "a\x00b"})

    assert response.status_code == 400
    assert not Verdict.objects.exists()


def test_verdict_set_refuses_an_out_of_range_version(htmx_client, span) -> None:
    response = htmx_client.post(verdict_url(span), {"label": "supported", "version": 2**40})

    assert response.status_code == 400
    assert "less than or equal to" in response.content.decode()
    assert not Verdict.objects.exists()


def test_verdict_set_refuses_a_user_without_a_role(outsider, span) -> None:
    response = signed_in_client(outsider).post(verdict_url(span), {"label": "supported"})

    assert response.status_code == 403
    assert not Verdict.objects.exists()


def test_verdict_set_leaves_the_other_reviewers_verdict_alone(span, editor, second_editor):
    theirs = VerdictFactory(span=span, reviewer=second_editor, label=Label.SUPPORTED)

    signed_in_client(editor).post(verdict_url(span), {"label": "disputed"})

    theirs.refresh_from_db()
    assert theirs.label == Label.SUPPORTED
    assert Verdict.objects.get(span=span, reviewer=editor).label == Label.DISPUTED


def test_verdict_panel_shows_other_reviewers_verdicts_with_rationales(htmx_client, span):
    VerdictFactory(span=span, label=Label.DISPUTED, rationale="Rate was 4.4.")

    content = htmx_client.get(reverse("annotations:span-detail", args=[span.pk])).content
    assert "Rate was 4.4." in content.decode()


# Withdrawing a verdict


def test_verdict_delete_withdraws_the_reviewers_verdict(htmx_client, span, editor) -> None:
    VerdictFactory(span=span, reviewer=editor)

    response = htmx_client.post(reverse("annotations:verdict-delete", args=[span.pk]))

    assert response.status_code == 200
    assert not Verdict.objects.filter(span=span).exists()


def test_verdict_delete_without_a_verdict_says_so(htmx_client, span, second_editor) -> None:
    theirs = VerdictFactory(span=span, reviewer=second_editor)

    response = htmx_client.post(reverse("annotations:verdict-delete", args=[span.pk]))

    assert response.status_code == 400
    assert "You have no verdict on this claim." in response.content.decode()
    assert Verdict.objects.filter(pk=theirs.pk).exists()


# Evidence


def test_evidence_add_attaches_a_link_to_the_reviewers_verdict(htmx_client, span, editor):
    verdict = VerdictFactory(span=span, reviewer=editor)

    response = htmx_client.post(
        evidence_url(span),
        {"url": "https://stats.example.org/march", "title": "March release", "note": "Table 2"},
    )

    evidence = Evidence.objects.get(verdict=verdict)
    verdict.refresh_from_db()
    assert response.status_code == 200
    assert (evidence.url, evidence.title, evidence.note) == (
        "https://stats.example.org/march",
        "March release",
        "Table 2",
    )
    assert verdict.version == 2
    assert "March release" in response.content.decode()


def test_evidence_add_refuses_a_bad_url(htmx_client, span, editor) -> None:
    verdict = VerdictFactory(span=span, reviewer=editor)

    response = htmx_client.post(evidence_url(span), {"url": "not a url", "title": "", "note": ""})

    assert response.status_code == 400
    assert "Enter a valid URL." in response.content.decode()
    assert not Evidence.objects.filter(verdict=verdict).exists()


def test_evidence_add_refuses_a_javascript_url(htmx_client, span, editor) -> None:
    verdict = VerdictFactory(span=span, reviewer=editor)

    response = htmx_client.post(evidence_url(span), {"url": "javascript:alert(1)"})

    assert response.status_code == 400
    assert not Evidence.objects.filter(verdict=verdict).exists()


def test_evidence_add_needs_a_verdict_first(htmx_client, span) -> None:
    response = htmx_client.post(evidence_url(span), {"url": "https://example.org/a"})

    assert response.status_code == 400
    assert "Give your verdict first" in response.content.decode()
    assert not Evidence.objects.exists()


def test_evidence_add_refuses_a_user_without_a_role(outsider, span) -> None:
    response = signed_in_client(outsider).post(
        evidence_url(span), {"url": "https://example.org/a"}
    )

    assert response.status_code == 403
    assert not Evidence.objects.exists()


def test_evidence_remove_deletes_the_reviewers_own_link(htmx_client, span, editor) -> None:
    evidence = EvidenceFactory(verdict=VerdictFactory(span=span, reviewer=editor))

    response = htmx_client.post(reverse("annotations:evidence-remove", args=[evidence.pk]))

    assert response.status_code == 200
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def test_evidence_remove_refuses_another_reviewers_link(htmx_client, span, second_editor):
    evidence = EvidenceFactory(verdict=VerdictFactory(span=span, reviewer=second_editor))

    response = htmx_client.post(reverse("annotations:evidence-remove", args=[evidence.pk]))

    assert response.status_code == 403
    assert "You can change only your own verdicts." in response.content.decode()
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_evidence_remove_lets_a_moderator_remove_any_link(moderator, span, second_editor):
    evidence = EvidenceFactory(verdict=VerdictFactory(span=span, reviewer=second_editor))

    response = signed_in_client(moderator).post(
        reverse("annotations:evidence-remove", args=[evidence.pk])
    )

    assert response.status_code == 200
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
