"""The change log: every write to an article's claims records its Change, of the right kind,
in its own transaction; a write the service refuses records none."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations import services
from annotations.models import Change
from annotations.services.imports import import_records, jsonl_records
from tests.factories import EvidenceFactory, SpanFactory, VerdictFactory
from tests.helpers import (
    FIRST_SENTENCE,
    REWORDED,
    orphaned_span,
    published_span,
    settled_span,
    span_over,
)

pytestmark = pytest.mark.django_db

Kind = Change.Kind


def recorded(article) -> list[tuple[str, int | None]]:
    """The changes recorded for the article since the test's setup, as (kind, span id)."""
    return list(
        Change.objects.filter(article=article).order_by("id").values_list("kind", "span_id")
    )


@pytest.fixture
def span(article, editor):
    return span_over(article, FIRST_SENTENCE, created_by=editor)


@pytest.fixture
def verdict(span, editor):
    return VerdictFactory(span=span, reviewer=editor)


def test_a_new_claim_is_recorded(editor, article):
    span, _ = services.span_create(user=editor, article=article, start=0, end=12)

    assert recorded(article) == [(Kind.CLAIM_CREATED, span.pk)]
    assert Change.objects.get().actor == editor


def test_joining_a_claim_is_a_change_not_a_new_claim(second_editor, span, article):
    services.span_create(user=second_editor, article=article, start=span.start, end=span.end)

    assert recorded(article) == [(Kind.CLAIM_CHANGED, span.pk)]


def test_a_labelled_claim_records_the_claim_and_the_verdict(editor, article):
    span, _, _ = services.span_create_judged(
        user=editor, article=article, start=0, end=12, verdict={"label": "disputed"}
    )

    assert recorded(article) == [(Kind.CLAIM_CREATED, span.pk), (Kind.VERDICT_SAVED, span.pk)]


def test_a_labelled_claim_refused_records_nothing(editor, span, verdict, article):
    with pytest.raises(services.VerdictExists):
        services.span_create_judged(
            user=editor,
            article=article,
            start=span.start,
            end=span.end,
            verdict={"label": "disputed"},
        )

    assert recorded(article) == []


def test_a_restated_claim_is_recorded(editor, span, article):
    services.span_update(user=editor, span=span, claim="Unemployment fell.")

    assert recorded(article) == [(Kind.CLAIM_CHANGED, span.pk)]


def test_a_restatement_refused_records_nothing(second_editor, span, article):
    with pytest.raises(PermissionDenied):
        services.span_update(user=second_editor, span=span, claim="Unemployment fell.")

    assert recorded(article) == []


def test_a_deleted_claim_is_recorded(editor, span, article):
    span_id = span.pk

    services.span_delete(user=editor, span=span)

    assert recorded(article) == [(Kind.CLAIM_DELETED, span_id)]


def test_a_re_attached_claim_is_recorded(editor, article):
    span = orphaned_span(article, editor, created_by=editor)
    Change.objects.all().delete()
    start = article.text.index(REWORDED)

    services.span_reattach(user=editor, span=span, start=start, end=start + len(REWORDED))

    assert recorded(article) == [(Kind.CLAIM_CHANGED, span.pk)]


def test_a_dismissed_orphan_is_a_deleted_claim(editor, article):
    span = orphaned_span(article, editor, created_by=editor)
    span_id = span.pk
    Change.objects.all().delete()

    services.span_dismiss_orphan(user=editor, span=span)

    assert recorded(article) == [(Kind.CLAIM_DELETED, span_id)]


def test_a_revised_text_is_one_change_to_the_article(editor, article):
    services.article_revise_text(user=editor, article=article, text=f"{article.text} More.")

    assert recorded(article) == [(Kind.CLAIM_CHANGED, None)]


def test_the_same_text_again_records_nothing(editor, article):
    services.article_revise_text(user=editor, article=article, text=article.text)

    assert recorded(article) == []


def test_a_new_verdict_is_recorded(editor, span, article):
    services.verdict_create(user=editor, span=span, label="supported")

    change = Change.objects.get()
    assert (change.kind, change.span_id, change.actor) == (Kind.VERDICT_SAVED, span.pk, editor)


def test_a_second_verdict_refused_records_nothing(editor, verdict, span, article):
    with pytest.raises(services.VerdictExists):
        services.verdict_create(user=editor, span=span, label="supported")

    assert recorded(article) == []


def test_a_changed_verdict_is_recorded(editor, verdict, span, article):
    services.verdict_update(user=editor, verdict=verdict, label="disputed")

    assert recorded(article) == [(Kind.VERDICT_SAVED, span.pk)]


def test_a_colleagues_verdict_cannot_be_changed_and_nothing_is_recorded(
    second_editor, verdict, article
):
    with pytest.raises(PermissionDenied):
        services.verdict_update(user=second_editor, verdict=verdict, label="disputed")

    assert recorded(article) == []


def test_a_verdict_set_from_the_reader_is_recorded(editor, span, article):
    services.verdict_set(user=editor, span=span, label="unverified")

    assert recorded(article) == [(Kind.VERDICT_SAVED, span.pk)]


def test_a_withdrawn_verdict_is_recorded(editor, verdict, span, article):
    services.verdict_delete(user=editor, verdict=verdict)

    assert recorded(article) == [(Kind.VERDICT_DELETED, span.pk)]


def test_evidence_added_is_a_verdict_saved(editor, verdict, span, article):
    services.evidence_add(user=editor, verdict=verdict, url="https://stats.example/march")

    assert recorded(article) == [(Kind.VERDICT_SAVED, span.pk)]


def test_evidence_corrected_is_a_verdict_saved(editor, verdict, span, article):
    evidence = EvidenceFactory(verdict=verdict)

    services.evidence_update(user=editor, evidence=evidence, title="March release")

    assert recorded(article) == [(Kind.VERDICT_SAVED, span.pk)]


def test_evidence_removed_is_a_verdict_saved(editor, verdict, span, article):
    evidence = EvidenceFactory(verdict=verdict)

    services.evidence_remove(user=editor, evidence=evidence)

    assert recorded(article) == [(Kind.VERDICT_SAVED, span.pk)]


def test_evidence_over_the_limit_records_nothing(editor, verdict, article):
    EvidenceFactory.create_batch(services.MAX_EVIDENCE_PER_VERDICT, verdict=verdict)

    with pytest.raises(ValidationError):
        services.evidence_add(user=editor, verdict=verdict, url="https://stats.example/one-more")

    assert recorded(article) == []


@pytest.mark.parametrize(
    ("decide", "fields"),
    [
        (services.span_settle, {"final_label": "supported"}),
        (services.span_approve, {}),
        (services.span_reject, {}),
        (services.span_reopen, {}),
    ],
)
def test_a_moderators_decision_is_a_claim_settled(
    moderator, verdict, span, article, decide, fields
):
    decide(user=moderator, span=span, **fields)

    assert recorded(article) == [(Kind.CLAIM_SETTLED, span.pk)]


def test_a_decision_refused_to_an_editor_records_nothing(editor, span, article):
    with pytest.raises(PermissionDenied):
        services.span_settle(user=editor, span=span, final_label="supported")

    assert recorded(article) == []


def test_publishing_is_recorded(moderator, article):
    span = published_span(article, moderator)

    assert recorded(article)[-1] == (Kind.CLAIM_PUBLISHED, span.pk)


def test_unpublishing_is_recorded(moderator, article):
    span = published_span(article, moderator)

    services.span_unpublish(user=moderator, span=span)

    assert recorded(article)[-1] == (Kind.CLAIM_PUBLISHED, span.pk)


def test_editing_a_published_fact_check_is_recorded(moderator, article):
    span = published_span(article, moderator)

    services.publication_edit(user=moderator, span=span, explanation="New figures came out.")

    assert recorded(article)[-1] == (Kind.CLAIM_PUBLISHED, span.pk)


def test_a_draft_explanation_is_a_change_not_a_publication(moderator, article):
    span = settled_span(article, moderator)

    services.publication_edit(user=moderator, span=span, explanation="Draft.")

    assert recorded(article)[-1] == (Kind.CLAIM_CHANGED, span.pk)


def test_publishing_refused_records_nothing(moderator, article):
    span = SpanFactory(article=article)

    with pytest.raises(ValidationError):
        services.span_publish(user=moderator, span=span, explanation="Not settled.")

    assert recorded(article) == []


def test_a_bulk_import_records_one_change_per_article(editor, article):
    lines = [
        json.dumps({"type": "span", "article": article.pk, "start": start, "end": end,
                    "quote": article.text[start:end]})
        for start, end in [(0, 12), (13, 20)]
    ]  # fmt: skip

    import_records(jsonl_records(lines), user=editor)

    assert recorded(article) == [(Kind.CLAIM_CHANGED, None)]
