"""Database constraints hold even when the services are bypassed."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from annotations.models import (
    Article,
    Consensus,
    Label,
    Span,
    Verdict,
    consensus_of,
    majority_of,
)
from tests.factories import ArticleFactory, SpanFactory, VerdictFactory

pytestmark = pytest.mark.django_db


def test_span_end_must_be_after_start():
    span = SpanFactory.build(created_by=None, article=ArticleFactory(), start=10, end=10, quote="")
    with pytest.raises(IntegrityError):
        span.save()


def test_span_quote_length_must_match_offsets():
    span = SpanFactory.build(
        created_by=None, article=ArticleFactory(), start=0, end=10, quote="too long a quote"
    )
    with pytest.raises(IntegrityError):
        span.save()


def test_one_span_per_article_range():
    span = SpanFactory()
    duplicate = SpanFactory.build(
        created_by=None, article=span.article, start=span.start, end=span.end
    )
    with pytest.raises(IntegrityError):
        duplicate.save()


def test_orphaned_span_does_not_block_its_old_range():
    span = SpanFactory(is_orphaned=True)
    SpanFactory(article=span.article, start=span.start, end=span.end)

    assert Span.objects.filter(article=span.article).count() == 2


def test_span_state_must_be_known():
    span = SpanFactory.build(created_by=None, article=ArticleFactory(), state="lost")
    with pytest.raises(IntegrityError):
        span.save()


def test_span_final_label_must_be_a_label():
    span = SpanFactory.build(created_by=None, article=ArticleFactory(), final_label="false")
    with pytest.raises(IntegrityError):
        span.save()


def test_one_verdict_per_span_and_reviewer():
    verdict = VerdictFactory()
    with pytest.raises(IntegrityError):
        Verdict.objects.create(span=verdict.span, reviewer=verdict.reviewer, label=Label.DISPUTED)


def test_verdict_label_must_be_one_of_three():
    with pytest.raises(IntegrityError):
        VerdictFactory(label="mostly-true")


def test_article_text_hash_is_unique():
    article = ArticleFactory()
    with pytest.raises(IntegrityError):
        ArticleFactory(text="other text", text_sha256=article.text_sha256)


def test_article_text_must_not_be_empty():
    with pytest.raises(IntegrityError):
        ArticleFactory(text="")


def test_article_text_has_a_length_limit(settings):
    with pytest.raises(IntegrityError):
        ArticleFactory(text="x" * 2_000_001)


def test_article_status_must_be_known():
    with pytest.raises(IntegrityError):
        ArticleFactory(status="archived")


def test_span_clean_rejects_offsets_beyond_text():
    article = ArticleFactory(text="Short text.")
    span = Span(article=article, start=6, end=20, quote="text.")
    with pytest.raises(ValidationError) as error:
        span.clean()
    assert "end" in error.value.message_dict


def test_span_clean_rejects_quote_that_differs_from_text():
    article = ArticleFactory(text="Short text.")
    span = Span(article=article, start=0, end=5, quote="Shirt")
    with pytest.raises(ValidationError) as error:
        span.clean()
    assert "quote" in error.value.message_dict


def test_span_clean_accepts_matching_quote():
    article = ArticleFactory(text="Short text.")
    Span(article=article, start=6, end=11, quote="text.").clean()


def test_with_progress_counts_claims_and_verdicts_by_label(django_assert_num_queries):
    span = SpanFactory()
    VerdictFactory(span=span, label=Label.SUPPORTED)
    VerdictFactory(span=span, label=Label.DISPUTED)
    SpanFactory(article=span.article, start=62, end=70)

    with django_assert_num_queries(1):
        article = Article.objects.with_progress().get(pk=span.article.pk)

    assert article.span_count == 2
    assert (article.supported_count, article.disputed_count, article.unverified_count) == (1, 1, 0)


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ([], Consensus.NONE),
        (["disputed"], Consensus.DISPUTED),
        (["supported", "supported"], Consensus.SUPPORTED),
        (["supported", "disputed"], Consensus.SPLIT),
    ],
)
def test_consensus_of_labels(labels, expected):
    assert consensus_of(labels) == expected


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ([], None),
        (["supported", "disputed"], None),
        (["disputed", "supported", "disputed"], "disputed"),
    ],
)
def test_majority_of_labels(labels, expected):
    assert majority_of(labels) == expected


def test_display_state_prefers_the_final_verdict():
    span = SpanFactory(final_label=Label.DISPUTED)
    VerdictFactory(span=span, label=Label.SUPPORTED)

    span = Span.objects.with_verdicts().get(pk=span.pk)

    assert span.consensus == Consensus.SUPPORTED
    assert span.display_state == Label.DISPUTED
