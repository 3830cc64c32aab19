"""verdict_create/update/set/delete and evidence."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations import services
from annotations.models import Evidence, Label, Verdict
from tests.factories import EvidenceFactory, SpanFactory, VerdictFactory

pytestmark = pytest.mark.django_db

EVIDENCE = {"url": "https://stats.example.org/march", "title": "March release", "note": "p. 2"}


@pytest.fixture
def span(article):
    return SpanFactory(article=article)


def test_verdict_create_stores_label_rationale_and_evidence(editor, span):
    verdict = services.verdict_create(
        user=editor, span=span, label="disputed", rationale="Rate was 4.6%.", evidence=[EVIDENCE]
    )

    verdict.refresh_from_db()
    assert (verdict.label, verdict.rationale, verdict.version) == ("disputed", "Rate was 4.6%.", 1)
    assert list(verdict.evidence.values("url", "title", "note")) == [EVIDENCE]
    assert verdict.history.get().history_user == editor


def test_verdict_create_rejects_unknown_label(editor, span):
    with pytest.raises(ValidationError) as error:
        services.verdict_create(user=editor, span=span, label="mostly-true")
    assert set(error.value.message_dict) == {"label"}
    assert not Verdict.objects.exists()


def test_verdict_create_rejects_bad_evidence_url_and_stores_nothing(editor, span):
    with pytest.raises(ValidationError) as error:
        services.verdict_create(
            user=editor, span=span, label="supported", evidence=[EVIDENCE, {"url": "not a url"}]
        )
    assert "Item 2, url" in error.value.message_dict["evidence"][0]
    assert not Verdict.objects.exists()
    assert not Evidence.objects.exists()


def test_verdict_create_rejects_too_many_evidence_links(editor, span):
    with pytest.raises(ValidationError) as error:
        services.verdict_create(
            user=editor, span=span, label="supported", evidence=[EVIDENCE] * 21
        )
    assert set(error.value.message_dict) == {"evidence"}


def test_verdict_create_rejects_overlong_rationale(editor, span):
    with pytest.raises(ValidationError) as error:
        services.verdict_create(user=editor, span=span, label="supported", rationale="x" * 10_001)
    assert set(error.value.message_dict) == {"rationale"}


def test_verdict_create_rejects_control_characters_in_rationale(editor, span):
    with pytest.raises(ValidationError) as error:
        services.verdict_create(user=editor, span=span, label="supported", rationale="a\x00b")
    assert set(error.value.message_dict) == {"rationale"}


def test_second_verdict_by_same_reviewer_is_a_conflict(editor, span):
    first = services.verdict_create(user=editor, span=span, label="supported")

    with pytest.raises(services.VerdictExists) as error:
        services.verdict_create(user=editor, span=span, label="disputed")

    assert error.value.existing == first
    assert Verdict.objects.get().label == "supported"


def test_verdict_create_refuses_users_without_a_role(outsider, span):
    with pytest.raises(PermissionDenied):
        services.verdict_create(user=outsider, span=span, label="supported")


def test_verdict_update_bumps_version(editor, span):
    verdict = VerdictFactory(span=span, reviewer=editor)

    services.verdict_update(user=editor, verdict=verdict, label="unverified", expected_version=1)

    verdict.refresh_from_db()
    assert (verdict.label, verdict.version) == ("unverified", 2)


def test_verdict_update_with_stale_version_changes_nothing(editor, span):
    verdict = VerdictFactory(span=span, reviewer=editor, version=3)

    with pytest.raises(services.StaleVersion) as error:
        services.verdict_update(user=editor, verdict=verdict, label="disputed", expected_version=2)

    assert error.value.current_version == 3
    verdict.refresh_from_db()
    assert verdict.label == Label.SUPPORTED


def test_verdict_update_replaces_evidence(editor, span):
    verdict = VerdictFactory(span=span, reviewer=editor)
    EvidenceFactory(verdict=verdict)

    services.verdict_update(user=editor, verdict=verdict, evidence=[EVIDENCE])

    assert list(verdict.evidence.values("url", "title", "note")) == [EVIDENCE]


def test_verdict_update_refused_to_another_editor(second_editor, span):
    verdict = VerdictFactory(span=span)

    with pytest.raises(PermissionDenied):
        services.verdict_update(user=second_editor, verdict=verdict, label="disputed")
    verdict.refresh_from_db()
    assert verdict.label == Label.SUPPORTED


def test_moderator_correction_is_recorded(moderator, span):
    verdict = VerdictFactory(span=span)

    services.verdict_update(user=moderator, verdict=verdict, rationale="Fixed the typo.")

    latest = verdict.history.latest()
    assert latest.history_user == moderator
    assert latest.history_change_reason == "Corrected by a moderator"


def test_verdict_set_creates_then_updates_own_verdict(editor, span):
    verdict, created = services.verdict_set(user=editor, span=span, label="supported")
    again, created_again = services.verdict_set(user=editor, span=span, label="disputed")

    assert (created, created_again) == (True, False)
    assert again.pk == verdict.pk
    assert Verdict.objects.get().label == "disputed"


def test_verdict_delete_by_its_reviewer(editor, span):
    verdict = VerdictFactory(span=span, reviewer=editor)
    EvidenceFactory(verdict=verdict)

    services.verdict_delete(user=editor, verdict=verdict)

    assert not Verdict.objects.exists()
    assert not Evidence.objects.exists()


def test_evidence_add_bumps_verdict_version(editor, span):
    verdict = VerdictFactory(span=span, reviewer=editor)

    services.evidence_add(user=editor, verdict=verdict, **EVIDENCE)

    verdict.refresh_from_db()
    assert verdict.version == 2
    assert verdict.evidence.get().url == EVIDENCE["url"]


def test_evidence_add_rejects_bad_url(editor, span):
    verdict = VerdictFactory(span=span, reviewer=editor)

    with pytest.raises(ValidationError) as error:
        services.evidence_add(user=editor, verdict=verdict, url="ftp//nowhere")
    assert set(error.value.message_dict) == {"url"}
    assert not Evidence.objects.exists()


def test_evidence_remove_refused_to_another_editor(second_editor, span):
    evidence = EvidenceFactory(verdict=VerdictFactory(span=span))

    with pytest.raises(PermissionDenied):
        services.evidence_remove(user=second_editor, evidence=evidence)
    assert Evidence.objects.filter(pk=evidence.pk).exists()
