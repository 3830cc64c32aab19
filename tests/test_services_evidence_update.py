"""Correcting one evidence link in place: validated, permission-checked, recorded."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations import services
from tests.factories import EvidenceFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def test_moderator_corrects_a_link_and_history_says_so(moderator, editor):
    evidence = EvidenceFactory(verdict=VerdictFactory(reviewer=editor), title="Old title")
    version = evidence.verdict.version

    services.evidence_update(
        user=moderator, evidence=evidence, url="https://ons.gov.uk/release", title="ONS release"
    )

    evidence.refresh_from_db()
    assert (evidence.url, evidence.title) == ("https://ons.gov.uk/release", "ONS release")
    assert evidence.note == "Table 1 gives the rate."
    latest = evidence.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        moderator,
        "Corrected by a moderator",
    )
    evidence.verdict.refresh_from_db()
    assert evidence.verdict.version == version + 1


def test_reviewer_corrects_their_own_link(editor):
    evidence = EvidenceFactory(verdict=VerdictFactory(reviewer=editor))

    services.evidence_update(user=editor, evidence=evidence, note="See table 2.")

    evidence.refresh_from_db()
    assert evidence.note == "See table 2."
    assert evidence.history.latest().history_change_reason is None


def test_other_editor_cannot_change_a_link(editor, second_editor):
    evidence = EvidenceFactory(verdict=VerdictFactory(reviewer=editor))

    with pytest.raises(PermissionDenied):
        services.evidence_update(user=second_editor, evidence=evidence, title="Mine now")

    evidence.refresh_from_db()
    assert evidence.title == "Statistics office release"


def test_invalid_url_is_a_field_error(moderator):
    evidence = EvidenceFactory()
    old_url = evidence.url

    with pytest.raises(ValidationError) as error:
        services.evidence_update(user=moderator, evidence=evidence, url="not a url")

    assert set(error.value.message_dict) == {"url"}
    evidence.refresh_from_db()
    assert evidence.url == old_url


def test_control_character_is_a_field_error(moderator):
    evidence = EvidenceFactory()

    with pytest.raises(ValidationError) as error:
        services.evidence_update(user=moderator, evidence=evidence, note="bad\x00note")

    assert set(error.value.message_dict) == {"note"}
