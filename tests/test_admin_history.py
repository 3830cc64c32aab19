"""Corrections in the admin go through the services, and history shows who changed what."""

import pytest
from django.urls import reverse

from annotations.models import Article, Evidence, Label, Span, Verdict
from annotations.services import MAX_EVIDENCE_PER_VERDICT
from tests.factories import EvidenceFactory, SpanFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def _management(prefix: str, total: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": total,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def _verdict_data(verdict: Verdict, **changes) -> dict:
    evidence = list(verdict.evidence.all())
    data = {
        "label": verdict.label,
        "rationale": verdict.rationale,
        "loaded_version": verdict.version,
        **_management("evidence", len(evidence)),
    }
    for number, item in enumerate(evidence):
        data.update(
            {
                f"evidence-{number}-id": item.pk,
                f"evidence-{number}-verdict": verdict.pk,
                f"evidence-{number}-url": item.url,
                f"evidence-{number}-title": item.title,
                f"evidence-{number}-note": item.note,
            }
        )
    data.update(changes)
    return data


def _url(obj, view: str = "change") -> str:
    return reverse(f"admin:annotations_{obj._meta.model_name}_{view}", args=[obj.pk])


def test_history_page_shows_who_changed_what_and_the_note(moderator_client, moderator, article):
    span = SpanFactory(article=article)
    VerdictFactory(span=span, label=Label.DISPUTED)
    moderator_client.post(
        reverse("admin:annotations_span_changelist"),
        {"action": "settle_disputed", "_selected_action": [span.pk], "post": "yes", "note": "ONS"},
    )

    response = moderator_client.get(_url(span, "history"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Final verdict set to disputed: ONS" in html
    assert f">{moderator.get_full_name()}</a>" in html  # people by full name, as everywhere
    arrow = '<span aria-label="changed to">&rarr;</span>'
    assert f"<strong>State</strong> Pending {arrow} Approved" in html
    assert f'<strong>Final label</strong> — {arrow} <span class="badge badge--disputed">' in html
    assert "Deleted user" not in html


def test_past_versions_cannot_be_reverted(moderator_client, article):
    span = SpanFactory(article=article, claim="Original")
    record = span.history.earliest()
    span.claim = "Changed"
    span.save()

    page = moderator_client.get(
        reverse("admin:annotations_span_simple_history", args=[span.pk, record.history_id])
    )
    revert = moderator_client.post(
        reverse("admin:annotations_span_simple_history", args=[span.pk, record.history_id]),
        {"claim": "Original", "speaker": ""},
    )

    assert page.status_code == 200
    assert b"Revert" not in page.content
    assert revert.status_code == 405
    span.refresh_from_db()
    assert span.claim == "Changed"


def test_deleting_a_claim_keeps_its_record_with_who_deleted_it(moderator, moderator_client):
    verdict = VerdictFactory()
    span = verdict.span

    response = moderator_client.post(_url(span, "delete"), {"post": "yes"})

    assert response.status_code == 302
    assert not Span.objects.filter(pk=span.pk).exists()
    deleted = Span.history.get(id=span.pk, history_type="-")
    assert deleted.history_user == moderator
    assert deleted.quote == span.quote
    verdict_deleted = Verdict.history.get(id=verdict.pk, history_type="-")
    assert (verdict_deleted.history_user, verdict_deleted.history_change_reason) == (
        moderator,
        "Claim deleted",
    )
    assert moderator_client.get(_url(span, "history")).status_code == 200


def test_bulk_delete_goes_through_the_service_for_each_claim(moderator, moderator_client, article):
    spans = [SpanFactory(article=article, start=start, end=start + 8) for start in (0, 10)]

    moderator_client.post(
        reverse("admin:annotations_span_changelist"),
        {"action": "delete_selected", "_selected_action": [s.pk for s in spans], "post": "yes"},
    )

    assert not Span.objects.filter(article=article).exists()
    deletions = Span.history.filter(history_type="-", id__in=[s.pk for s in spans])
    assert {record.history_user for record in deletions} == {moderator}
    assert deletions.count() == 2


def test_claim_edit_is_recorded(moderator, moderator_client, article):
    span = SpanFactory(article=article)

    response = moderator_client.post(
        _url(span),
        {"claim": "Unemployment fell to 4.2% in March.", "speaker": "The minister"}
        | _management("verdicts", 0),
    )

    assert response.status_code == 302
    span.refresh_from_db()
    assert span.speaker == "The minister"
    assert span.history.latest().history_user == moderator


def test_moderator_corrects_a_verdict_and_history_says_so(moderator, moderator_client, editor):
    verdict = VerdictFactory(reviewer=editor, label=Label.SUPPORTED)

    response = moderator_client.post(
        _url(verdict), _verdict_data(verdict, label=Label.DISPUTED, rationale="Wrong month.")
    )

    assert response.status_code == 302
    verdict.refresh_from_db()
    assert (verdict.label, verdict.rationale, verdict.version) == (
        Label.DISPUTED,
        "Wrong month.",
        2,
    )
    latest = verdict.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        moderator,
        "Corrected by a moderator",
    )


def test_correction_of_a_verdict_changed_meanwhile_is_refused(moderator_client, editor):
    verdict = VerdictFactory(reviewer=editor, label=Label.SUPPORTED)
    stale = _verdict_data(verdict, label=Label.DISPUTED)
    Verdict.objects.filter(pk=verdict.pk).update(version=2, label=Label.UNVERIFIED)

    response = moderator_client.post(_url(verdict), stale)

    assert response.status_code == 200
    assert "changed this verdict since you opened it" in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.label == Label.UNVERIFIED


def test_control_character_in_a_rationale_is_a_form_error(moderator_client):
    verdict = VerdictFactory()

    response = moderator_client.post(_url(verdict), _verdict_data(verdict, rationale="a\x00b"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["rationale"]
    verdict.refresh_from_db()
    assert verdict.version == 1


def test_evidence_rows_are_added_corrected_and_removed_through_services(
    moderator, moderator_client
):
    verdict = VerdictFactory()
    kept, removed = EvidenceFactory(verdict=verdict), EvidenceFactory(verdict=verdict)
    data = _verdict_data(verdict)
    data.update(
        {
            "evidence-0-title": "Corrected title",
            "evidence-1-DELETE": "on",
            "evidence-TOTAL_FORMS": 3,
            "evidence-2-verdict": verdict.pk,
            "evidence-2-url": "https://example.org/new",
            "evidence-2-title": "New source",
            "evidence-2-note": "",
        }
    )

    response = moderator_client.post(_url(verdict), data)

    assert response.status_code == 302
    kept.refresh_from_db()
    assert kept.title == "Corrected title"
    assert not Evidence.objects.filter(pk=removed.pk).exists()
    added = Evidence.objects.get(verdict=verdict, url="https://example.org/new")
    for record in (
        kept.history.latest(),
        Evidence.history.get(id=removed.pk, history_type="-"),
        added.history.latest(),
    ):
        assert record.history_user == moderator


def test_evidence_page_corrects_and_removes_through_services(moderator, moderator_client):
    evidence = EvidenceFactory()

    moderator_client.post(
        _url(evidence), {"url": "https://example.org/fixed", "title": "Fixed", "note": ""}
    )
    evidence.refresh_from_db()
    assert evidence.url == "https://example.org/fixed"
    assert evidence.history.latest().history_change_reason == "Corrected by a moderator"

    moderator_client.post(_url(evidence, "delete"), {"post": "yes"})
    assert Evidence.history.get(id=evidence.pk, history_type="-").history_user == moderator


def test_article_metadata_change_is_recorded(moderator, moderator_client, article):
    response = moderator_client.post(
        _url(article),
        {
            "title": "Unemployment: the March figures",
            "source": article.source,
            "url": "",
            "byline": "",
            "published": "",
            "language": "en",
            "status": Article.Status.CLOSED,
            "reviewers_needed": article.reviewers_needed,
        }
        | _management("spans", 0)
        | _management("assignments", 0),
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.status) == ("Unemployment: the March figures", "closed")
    assert article.history.latest().history_user == moderator


def test_articles_claims_and_verdicts_are_not_created_in_the_admin(moderator_client):
    for model in ("article", "span", "verdict", "evidence"):
        response = moderator_client.get(reverse(f"admin:annotations_{model}_add"))
        assert response.status_code == 403, model


def test_a_service_refusal_after_validation_is_a_message_and_changes_nothing(
    moderator_client,
):
    verdict = VerdictFactory()
    for _ in range(MAX_EVIDENCE_PER_VERDICT):
        EvidenceFactory(verdict=verdict)
    data = _verdict_data(verdict, rationale="Adding one more source.")
    extra = MAX_EVIDENCE_PER_VERDICT
    data.update(
        {
            "evidence-TOTAL_FORMS": extra + 1,
            f"evidence-{extra}-verdict": verdict.pk,
            f"evidence-{extra}-url": "https://example.org/one-too-many",
            f"evidence-{extra}-title": "",
            f"evidence-{extra}-note": "",
        }
    )

    response = moderator_client.post(_url(verdict), data, follow=True)

    messages = [str(message) for message in response.context["messages"]]
    assert f"At most {MAX_EVIDENCE_PER_VERDICT} evidence links per verdict." in messages
    verdict.refresh_from_db()
    assert verdict.rationale == "Matches the statistics office's March release."
    assert verdict.evidence.count() == MAX_EVIDENCE_PER_VERDICT
