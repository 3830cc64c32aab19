"""Claims a revision orphaned: span_reattach and span_dismiss_orphan, and the note a revision
keeps in the article's history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations import services
from annotations.models import Evidence, Span, Verdict
from annotations.services.spans import DISMISSED, RANGE_TAKEN, REATTACHED
from tests.factories import EvidenceFactory, VerdictFactory
from tests.helpers import FIRST_SENTENCE, REWORDED, orphaned_span, span_over

pytestmark = pytest.mark.django_db


def reattach_to(span: Span, user, words: str, **overrides) -> Span:
    text = span.article.text
    start = text.index(words)
    fields = {"start": start, "end": start + len(words), "quote": words, **overrides}
    return services.span_reattach(user=user, span=span, **fields)


def test_reattach_puts_the_orphan_on_the_selected_words(editor, article):
    span = orphaned_span(article, editor, created_by=editor)

    reattach_to(span, editor, REWORDED)

    span.refresh_from_db()
    start = article.text.index(REWORDED)
    assert (span.start, span.end, span.quote) == (start, start + len(REWORDED), REWORDED)
    assert not span.is_orphaned
    assert span.prefix == article.text[start - Span.CONTEXT_WIDTH : start]
    assert span.suffix.startswith(" Officials denied it.")


def test_reattach_keeps_the_claims_verdicts_and_evidence(editor, article):
    span = orphaned_span(article, editor, created_by=editor)
    verdict = VerdictFactory(span=span, reviewer=editor, label="disputed")
    EvidenceFactory(verdict=verdict)

    reattach_to(span, editor, REWORDED)

    assert Verdict.objects.get(span=span).label == "disputed"
    assert Evidence.objects.filter(verdict__span=span).count() == 1


def test_reattach_trims_whitespace_at_the_edges_of_the_selection(editor, article):
    span = orphaned_span(article, editor, created_by=editor)
    start = article.text.index(REWORDED) - 1

    services.span_reattach(user=editor, span=span, start=start, end=start + len(REWORDED) + 1)

    span.refresh_from_db()
    assert span.quote == REWORDED


def test_reattach_refuses_a_range_another_claim_holds(editor, article):
    span = orphaned_span(article, editor, created_by=editor)
    span_over(article, REWORDED, created_by=editor)

    with pytest.raises(ValidationError) as error:
        reattach_to(span, editor, REWORDED)

    assert error.value.message_dict == {"quote": [RANGE_TAKEN]}
    span.refresh_from_db()
    assert span.is_orphaned


def test_reattach_refuses_offsets_beyond_the_text(editor, article):
    span = orphaned_span(article, editor, created_by=editor)
    length = len(article.text)

    with pytest.raises(ValidationError) as error:
        services.span_reattach(user=editor, span=span, start=0, end=length + 1)

    assert "end" in error.value.message_dict
    span.refresh_from_db()
    assert span.is_orphaned


def test_reattach_refuses_a_quote_the_text_does_not_hold_there(editor, article):
    span = orphaned_span(article, editor, created_by=editor)

    with pytest.raises(ValidationError) as error:
        reattach_to(span, editor, REWORDED, quote="Something else entirely, same length here!!!")

    assert "quote" in error.value.message_dict


def test_reattach_refuses_a_claim_that_is_in_the_text(editor, article):
    span = span_over(article, FIRST_SENTENCE, created_by=editor)

    with pytest.raises(ValidationError) as error:
        reattach_to(span, editor, "Officials denied it.")

    assert "span" in error.value.message_dict


def test_reattach_is_refused_to_an_editor_who_may_not_change_the_claim(
    editor, second_editor, article
):
    span = orphaned_span(article, editor, created_by=editor)

    with pytest.raises(PermissionDenied):
        reattach_to(span, second_editor, REWORDED)
    span.refresh_from_db()
    assert span.is_orphaned


def test_moderator_reattaches_a_colleagues_claim(editor, moderator, article):
    span = orphaned_span(article, editor, created_by=editor)
    VerdictFactory(span=span)

    reattach_to(span, moderator, REWORDED)

    span.refresh_from_db()
    assert not span.is_orphaned


def test_reattach_is_recorded_in_the_claims_history(editor, article):
    span = orphaned_span(article, editor, created_by=editor)

    reattach_to(span, editor, REWORDED)

    latest = span.history.order_by("-history_date", "-history_id").first()
    assert (latest.history_user, latest.history_change_reason) == (editor, REATTACHED)
    assert latest.quote == REWORDED


def test_dismiss_deletes_the_orphan_with_its_verdicts_and_evidence(editor, article):
    span = orphaned_span(article, editor, created_by=editor)
    EvidenceFactory(verdict=VerdictFactory(span=span, reviewer=editor))

    services.span_dismiss_orphan(user=editor, span=span)

    assert not Span.objects.filter(pk=span.pk).exists()
    assert not Verdict.objects.exists()
    assert not Evidence.objects.exists()


def test_dismiss_keeps_the_claim_and_its_verdicts_in_the_history(editor, article):
    span = orphaned_span(article, editor, created_by=editor)
    verdict = VerdictFactory(span=span, reviewer=editor)

    services.span_dismiss_orphan(user=editor, span=span)

    gone = Span.history.filter(id=span.pk, history_type="-").get()
    assert (gone.history_user, gone.history_change_reason) == (editor, DISMISSED)
    assert gone.quote == "Critics said the figure ignores part-time workers."
    assert Verdict.history.filter(id=verdict.pk, history_type="-").get().history_change_reason == (
        DISMISSED
    )


def test_dismiss_refuses_a_claim_that_is_in_the_text(editor, article):
    span = span_over(article, FIRST_SENTENCE, created_by=editor)

    with pytest.raises(ValidationError):
        services.span_dismiss_orphan(user=editor, span=span)

    assert Span.objects.filter(pk=span.pk).exists()


def test_dismiss_is_refused_to_an_editor_who_may_not_delete_the_claim(
    editor, second_editor, article
):
    span = orphaned_span(article, editor, created_by=editor)

    with pytest.raises(PermissionDenied):
        services.span_dismiss_orphan(user=second_editor, span=span)

    assert Span.objects.filter(pk=span.pk).exists()


def test_dismiss_refuses_a_published_claim(editor, moderator, article):
    span = orphaned_span(article, editor, created_by=editor, claim="Part-timers are left out.")
    VerdictFactory(span=span, label="disputed")
    services.span_settle(user=moderator, span=span, final_label="disputed")
    services.span_publish(user=moderator, span=span, explanation="The survey counts them.")

    with pytest.raises(ValidationError) as error:
        services.span_dismiss_orphan(user=moderator, span=span)

    assert "unpublish it" in error.value.messages[0]
    assert Span.objects.filter(pk=span.pk).exists()


def test_revision_note_is_kept_in_the_articles_history(editor, article):
    services.article_revise_text(
        user=editor, article=article, text=article.text + " More.", note="Added a line."
    )

    latest = article.history.order_by("-history_date", "-history_id").first()
    assert latest.history_change_reason == "Text revised to revision 2: Added a line."


def test_revision_note_with_a_forbidden_character_is_refused(editor, article):
    with pytest.raises(ValidationError) as error:
        services.article_revise_text(
            user=editor, article=article, text=article.text + " More.", note="Bell \x07"
        )

    assert "note" in error.value.message_dict
    article.refresh_from_db()
    assert article.revision == 1
