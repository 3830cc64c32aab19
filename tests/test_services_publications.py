"""Publishing a settled claim: the moderator's rules, what is stored and what history says."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations import services
from annotations.models import Label, Publication, Span
from tests.factories import EvidenceFactory
from tests.helpers import FIRST_SENTENCE, published_span, settled_span, span_over

pytestmark = pytest.mark.django_db

EXPLANATION = "The office's March figure was 4.6 percent, not 4.2."


def publication_of(span: Span) -> Publication:
    return Publication.objects.get(span=span)


def test_publishing_stores_who_when_and_every_evidence_link(article, moderator):
    span = settled_span(article, moderator, evidence=2)

    publication = services.span_publish(user=moderator, span=span, explanation=EXPLANATION)

    publication.refresh_from_db()
    assert publication.is_published
    assert publication.published_by == moderator
    assert publication.explanation == EXPLANATION
    assert [link["url"] for link in publication.evidence] == [
        "https://stats.example/0",
        "https://stats.example/1",
    ]
    assert publication.slug == "unemployment-fell-to-4-2-percent"


def test_publishing_is_in_the_history(article, moderator):
    span = settled_span(article, moderator)

    services.span_publish(user=moderator, span=span, explanation=EXPLANATION)

    record = publication_of(span).history.latest()
    assert (record.history_user, record.history_change_reason) == (moderator, "Published")


def test_an_editor_cannot_publish(article, moderator, editor):
    span = settled_span(article, moderator)

    with pytest.raises(PermissionDenied):
        services.span_publish(user=editor, span=span, explanation=EXPLANATION)

    assert not Publication.objects.exists()


def test_an_unsettled_claim_cannot_be_published(article, moderator):
    span = span_over(article, FIRST_SENTENCE, claim="A claim.")

    with pytest.raises(ValidationError) as error:
        services.span_publish(user=moderator, span=span, explanation=EXPLANATION)

    assert "final_label" in error.value.message_dict
    assert not Publication.objects.exists()


def test_a_rejected_claim_cannot_be_published(article, moderator):
    span = settled_span(article, moderator)
    services.span_reject(user=moderator, span=span)

    with pytest.raises(ValidationError) as error:
        services.span_publish(user=moderator, span=span, explanation=EXPLANATION)

    assert error.value.message_dict["state"] == ["A rejected claim cannot be published."]


def test_publishing_needs_a_restated_claim(article, moderator):
    span = settled_span(article, moderator, claim="")

    with pytest.raises(ValidationError) as error:
        services.span_publish(user=moderator, span=span, explanation=EXPLANATION)

    assert "claim" in error.value.message_dict
    assert not Publication.objects.exists()


def test_publishing_needs_an_explanation(article, moderator):
    span = settled_span(article, moderator)

    with pytest.raises(ValidationError) as error:
        services.span_publish(user=moderator, span=span, explanation="  ")

    assert "explanation" in error.value.message_dict
    assert not Publication.objects.exists()


def test_a_draft_explanation_is_kept_unpublished(article, moderator):
    span = settled_span(article, moderator)

    services.publication_edit(user=moderator, span=span, explanation=EXPLANATION)

    publication = publication_of(span)
    assert (publication.explanation, publication.is_published) == (EXPLANATION, False)
    assert publication.history.latest().history_change_reason == "Explanation drafted"


def test_publishing_uses_the_draft_explanation(article, moderator):
    span = settled_span(article, moderator)
    services.publication_edit(user=moderator, span=span, explanation=EXPLANATION)

    services.span_publish(user=moderator, span=span)

    assert publication_of(span).is_published


def test_the_moderator_chooses_which_evidence_is_shown(article, moderator):
    span = settled_span(article, moderator, evidence=3)

    services.span_publish(
        user=moderator, span=span, explanation=EXPLANATION, evidence=["https://stats.example/1"]
    )

    assert publication_of(span).evidence == [
        {"url": "https://stats.example/1", "title": "Release 1"}
    ]


def test_evidence_that_is_not_the_claims_is_refused(article, moderator):
    span = settled_span(article, moderator)

    with pytest.raises(ValidationError) as error:
        services.span_publish(
            user=moderator, span=span, explanation=EXPLANATION, evidence=["https://evil.example"]
        )

    assert "evidence" in error.value.message_dict
    assert not Publication.objects.exists()


def test_evidence_added_after_publishing_is_not_shown_until_chosen(article, moderator):
    span = published_span(article, moderator)
    EvidenceFactory(verdict=span.verdicts.get(), url="https://late.example/")

    services.publication_edit(user=moderator, span=span, explanation="Edited.")

    assert [link["url"] for link in publication_of(span).evidence] == ["https://stats.example/0"]


def test_editing_a_published_fact_check_is_in_the_history(article, moderator):
    span = published_span(article, moderator)

    services.publication_edit(user=moderator, span=span, explanation="A better explanation.")

    publication = publication_of(span)
    assert publication.explanation == "A better explanation."
    assert publication.history.latest().history_change_reason == "Published fact check edited"


def test_a_published_explanation_cannot_be_emptied(article, moderator):
    span = published_span(article, moderator)

    with pytest.raises(ValidationError) as error:
        services.publication_edit(user=moderator, span=span, explanation="")

    assert "explanation" in error.value.message_dict
    assert publication_of(span).explanation != ""


def test_unpublishing_takes_it_down_and_keeps_the_explanation(article, moderator):
    span = published_span(article, moderator)

    services.span_unpublish(user=moderator, span=span)

    publication = publication_of(span)
    assert not publication.is_published
    assert publication.explanation
    assert publication.history.latest().history_change_reason == "Unpublished"


def test_unpublishing_what_is_not_published_is_refused(article, moderator):
    span = settled_span(article, moderator)

    with pytest.raises(ValidationError) as error:
        services.span_unpublish(user=moderator, span=span)

    assert error.value.message_dict == {"publication": ["This claim is not published."]}


def test_publishing_again_keeps_the_address(article, moderator):
    span = published_span(article, moderator)
    address = publication_of(span).get_absolute_url()
    services.span_update(user=moderator, span=span, claim="Reworded claim.")
    services.span_unpublish(user=moderator, span=span)

    services.span_publish(user=moderator, span=span)

    assert publication_of(span).get_absolute_url() == address


@pytest.mark.parametrize("decide", [services.span_reject, services.span_reopen])
def test_a_published_claim_cannot_be_rejected_or_reopened(article, moderator, decide):
    span = published_span(article, moderator)

    with pytest.raises(ValidationError) as error:
        decide(user=moderator, span=span)

    assert "publication" in error.value.message_dict
    span.refresh_from_db()
    assert span.state == Span.State.APPROVED


def test_a_published_claim_can_be_settled_again(article, moderator):
    span = published_span(article, moderator, label=Label.DISPUTED)

    services.span_settle(user=moderator, span=span, final_label=Label.UNVERIFIED)

    span.refresh_from_db()
    assert (span.final_label, span.is_published()) == (Label.UNVERIFIED, True)


def test_a_published_claims_restatement_cannot_be_removed(article, moderator):
    span = published_span(article, moderator)

    with pytest.raises(ValidationError) as error:
        services.span_update(user=moderator, span=span, claim=" ")

    assert "claim" in error.value.message_dict


def test_deleting_a_published_claim_deletes_its_publication(article, moderator):
    span = published_span(article, moderator)

    services.span_delete(user=moderator, span=span)

    assert not Publication.objects.exists()
