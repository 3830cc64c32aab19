"""span_create, span_update and span_delete."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations import services
from annotations.models import Article, Span
from tests.factories import ArticleFactory, SpanFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def _error_fields(error: pytest.ExceptionInfo) -> set[str]:
    return set(error.value.message_dict)


def test_span_create_stores_quote_and_context(editor, article):
    span, created = services.span_create(user=editor, article=article, start=4, end=12)

    span.refresh_from_db()
    assert created
    assert span.quote == article.text[4:12] == "minister"
    assert span.prefix == "The "
    assert span.suffix.startswith(" said unemployment")
    assert list(span.highlighters.all()) == [editor]
    assert span.history.get().history_user == editor


def test_span_create_trims_whitespace_at_the_edges(editor, article):
    span, _ = services.span_create(user=editor, article=article, start=3, end=13)

    assert (span.start, span.end, span.quote) == (4, 12, "minister")


def test_span_create_checks_the_quote_the_client_saw(editor, article):
    with pytest.raises(ValidationError) as error:
        services.span_create(user=editor, article=article, start=4, end=12, quote="minster")
    assert _error_fields(error) == {"quote"}
    assert not Span.objects.exists()


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (-1, 5, "start"),
        (0, 10_000, "end"),
        (12, 4, "end"),
        (5, 5, "end"),
        ("4", 12, "start"),
        (4, 12.5, "end"),
        (True, 12, "start"),
    ],
)
def test_span_create_rejects_bad_offsets(editor, article, start, end, field):
    with pytest.raises(ValidationError) as error:
        services.span_create(user=editor, article=article, start=start, end=end)
    assert _error_fields(error) == {field}
    assert not Span.objects.exists()


def test_span_create_rejects_whitespace_only_selection(editor, article):
    paragraph_break = article.text.index("\n\n")
    with pytest.raises(ValidationError) as error:
        services.span_create(
            user=editor, article=article, start=paragraph_break, end=paragraph_break + 2
        )
    assert _error_fields(error) == {"quote"}


def test_span_create_rejects_closed_article(editor):
    article = ArticleFactory(status=Article.Status.CLOSED)
    with pytest.raises(ValidationError) as error:
        services.span_create(user=editor, article=article, start=0, end=3)
    assert _error_fields(error) == {"article"}


def test_span_create_refuses_users_without_a_role(outsider, article):
    with pytest.raises(PermissionDenied):
        services.span_create(user=outsider, article=article, start=0, end=3)
    assert not Span.objects.exists()


def test_second_editor_joins_the_existing_span(editor, second_editor, article):
    first, _ = services.span_create(user=editor, article=article, start=4, end=12)

    second, created = services.span_create(user=second_editor, article=article, start=4, end=12)

    assert not created
    assert second == first
    assert set(first.highlighters.all()) == {editor, second_editor}
    assert Span.objects.count() == 1


def test_overlapping_spans_are_separate(editor, article):
    outer, _ = services.span_create(user=editor, article=article, start=0, end=60)
    inner, _ = services.span_create(user=editor, article=article, start=18, end=59)

    assert outer != inner
    assert Span.objects.count() == 2


def test_span_create_counts_code_points_after_emoji(editor):
    article = ArticleFactory(text="Fans 🎉🇺🇦 cheered. The mayor resigned.")
    start = article.text.index("The mayor")

    span, _ = services.span_create(user=editor, article=article, start=start, end=start + 9)

    assert span.quote == "The mayor"


def test_span_update_changes_claim_and_speaker(editor, article):
    span = SpanFactory(article=article, created_by=editor)

    services.span_update(user=editor, span=span, claim="Unemployment is 4.2%.", speaker="Minister")

    span.refresh_from_db()
    assert (span.claim, span.speaker) == ("Unemployment is 4.2%.", "Minister")


def test_span_update_rejects_overlong_claim(editor, article):
    span = SpanFactory(article=article, created_by=editor)
    with pytest.raises(ValidationError) as error:
        services.span_update(user=editor, span=span, claim="x" * 2001)
    assert _error_fields(error) == {"claim"}


def test_span_delete_by_its_only_highlighter(editor, article):
    span = SpanFactory(article=article, created_by=editor)
    span_id = span.pk

    services.span_delete(user=editor, span=span)

    assert not Span.objects.exists()
    assert Span.history.filter(id=span_id, history_type="-").get().history_user == editor


def test_span_delete_refused_once_another_editor_joined(editor, second_editor, article):
    span = SpanFactory(article=article, created_by=editor, highlighters=[editor, second_editor])

    with pytest.raises(PermissionDenied):
        services.span_delete(user=editor, span=span)
    assert Span.objects.filter(pk=span.pk).exists()


def test_span_delete_refused_once_another_editor_judged_it(editor, second_editor, article):
    span = SpanFactory(article=article, created_by=editor)
    VerdictFactory(span=span, reviewer=second_editor)

    with pytest.raises(PermissionDenied):
        services.span_delete(user=editor, span=span)
    assert Span.objects.filter(pk=span.pk).exists()


def test_span_delete_refused_to_another_editor(second_editor, article):
    span = SpanFactory(article=article)

    with pytest.raises(PermissionDenied):
        services.span_delete(user=second_editor, span=span)
    assert Span.objects.filter(pk=span.pk).exists()


def test_moderator_deletes_any_span_with_its_verdicts(moderator, second_editor, article):
    span = SpanFactory(article=article)
    verdict = VerdictFactory(span=span, reviewer=second_editor)

    services.span_delete(user=moderator, span=span)

    assert not Span.objects.exists()
    assert verdict.history.filter(history_type="-").get().history_user == moderator
