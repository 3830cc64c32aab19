"""Rows written by `bulk_insert.insert_rows` (the bulk import's writes): stored as Django's own
`bulk_create` stores them, with their ids, their parents' ids and their times."""

import datetime
import itertools

import pytest
from django.db import IntegrityError, connection, transaction

from annotations import bulk_insert
from annotations.models import (
    Article,
    ClaimLink,
    Evidence,
    Label,
    Publication,
    Span,
    Verdict,
)
from tests.factories import ArticleFactory, VerdictFactory
from tests.helpers import span_over

pytestmark = pytest.mark.django_db

WHEN = datetime.datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=datetime.UTC)
LATER = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
TEXT = "Alpha said beta. Gamma said delta."
# Times bulk_create sets to now whatever the row holds (auto_now, auto_now_add).
AUTOMATIC = {"id", "created_at", "updated_at"}
NUMBERS = itertools.count()


def new_article(editor) -> Article:
    """An article with TEXT first (each with a text of its own, as texts are unique)."""
    return ArticleFactory(text=f"{TEXT} Article {next(NUMBERS)}.", created_by=editor)


def two_spans(editor):
    article = new_article(editor)
    return span_over(article, "Alpha said beta"), span_over(article, "Gamma said delta")


def article_row(editor, number):
    text = f"Article number {number}."
    return Article(
        title="A title",
        source="The Paper",
        url="https://paper.example/a",
        byline="By someone",
        published=datetime.date(2026, 1, 2),
        language="de",
        text=text,
        text_sha256=f"{number:064d}",
        status=Article.Status.CLOSED,
        reviewers_needed=3,
        blind_review=True,
        created_by=editor,
    ), {"text", "text_sha256"}


def span_row(editor, number):
    article = new_article(editor)
    quote = ["Alpha said beta", "Gamma said delta"][number]
    start = TEXT.index(quote)
    return Span(
        article=article,
        start=start,
        end=start + len(quote),
        quote=quote,
        prefix="",
        suffix=". Gamma",
        claim="Beta, says Alpha.",
        speaker="Alpha",
        created_by=editor,
        is_orphaned=False,
        state=Span.State.APPROVED,
        final_label=Label.DISPUTED,
        moderated_by=editor,
        moderated_at=WHEN,
        moderation_note="Settled.",
    ), {"article_id", "start", "end", "quote"}


def verdict_row(editor, number):
    span = two_spans(editor)[number]
    return Verdict(
        span=span, reviewer=editor, label=Label.UNVERIFIED, rationale="No source.", version=4
    ), {"span_id"}


def evidence_row(editor, number):
    verdict = VerdictFactory(reviewer=editor)
    return Evidence(
        verdict=verdict, url="https://source.example/é", title="Source", note="Page 4."
    ), {"verdict_id"}


def publication_row(editor, number):
    span = two_spans(editor)[number]
    return Publication(
        span=span,
        explanation="Why.",
        evidence=[{"url": "https://source.example/1", "title": "One"}],
        slug=f"the-claim-{number}",
        published_at=WHEN,
        published_by=editor,
    ), {"span_id", "slug"}


def link_row(editor, number):
    first, second = (span for span in two_spans(editor))
    other_first, other_second = two_spans(editor)
    low, high = [(first, other_first), (second, other_second)][number]
    return ClaimLink(span=low, other=high, relation="same", created_by=editor), {
        "span_id",
        "other_id",
    }


BUILDERS = [article_row, span_row, verdict_row, evidence_row, publication_row, link_row]


def stored(row, leave_out: set) -> dict:
    values = type(row).objects.filter(pk=row.pk).values().get()
    return {name: value for name, value in values.items() if name not in leave_out | AUTOMATIC}


@pytest.mark.parametrize("build", BUILDERS, ids=lambda build: build.__name__)
def test_a_row_is_stored_as_bulk_create_stores_it(build, editor):
    by_django, leave_out = build(editor, 0)
    ours, _ = build(editor, 1)
    type(by_django).objects.bulk_create([by_django])

    bulk_insert.insert_rows(type(ours), [ours])

    assert stored(ours, leave_out) == stored(by_django, leave_out)


def test_each_row_gets_its_own_id(editor):
    article = new_article(editor)
    rows = [
        Span(article=article, start=start, end=start + len(quote), quote=quote)
        for quote in ("Alpha", "beta", "Gamma", "delta")
        for start in (TEXT.index(quote),)
    ]

    bulk_insert.insert_rows(Span, rows)

    quotes = [Span.objects.get(pk=row.pk).quote for row in rows]
    assert quotes == ["Alpha", "beta", "Gamma", "delta"]


def test_rows_beyond_one_batch_are_all_stored(editor, monkeypatch):
    monkeypatch.setattr(bulk_insert, "BATCH_SIZE", 2)
    verdict = VerdictFactory(reviewer=editor)
    rows = [Evidence(verdict=verdict, url=f"https://source.example/{n}") for n in range(5)]

    bulk_insert.insert_rows(Evidence, rows)

    urls = dict(Evidence.objects.values_list("pk", "url"))
    assert [urls[row.pk] for row in rows] == [f"https://source.example/{n}" for n in range(5)]


def test_a_row_takes_its_parents_new_id(editor):
    article = Article(title="New", text=TEXT, text_sha256="f" * 64, created_by=editor)
    span = Span(article=article, start=0, end=5, quote="Alpha")

    bulk_insert.insert_rows(Article, [article])
    bulk_insert.insert_rows(Span, [span])

    assert Span.objects.get(pk=span.pk).article_id == article.pk


def test_a_row_whose_parent_is_not_stored_is_refused(editor):
    article = Article(title="New", text=TEXT, text_sha256="f" * 64, created_by=editor)
    span = Span(article=article, start=0, end=5, quote="Alpha")

    with pytest.raises(ValueError, match="article"):
        bulk_insert.insert_rows(Span, [span])

    assert not Span.objects.exists()


def test_a_row_the_database_refuses_raises_djangos_integrity_error(editor):
    first, _ = two_spans(editor)
    again = Span(article=first.article, start=first.start, end=first.end, quote=first.quote)

    with pytest.raises(IntegrityError), transaction.atomic():
        bulk_insert.insert_rows(Span, [again])

    assert Span.objects.filter(article=first.article).count() == 2


def test_a_row_keeps_the_times_it_has(editor):
    verdict = VerdictFactory(reviewer=editor)
    row = Evidence(verdict=verdict, url="https://source.example/", created_at=WHEN)
    article, _ = article_row(editor, 0)
    article.created_at, article.updated_at = WHEN, LATER

    bulk_insert.insert_rows(Evidence, [row])
    bulk_insert.insert_rows(Article, [article])

    assert Evidence.objects.get(pk=row.pk).created_at == WHEN
    assert Article.objects.filter(pk=article.pk).values_list("created_at", "updated_at").get() == (
        WHEN,
        LATER,
    )


def test_a_row_without_times_is_stamped_now(editor):
    article, _ = article_row(editor, 0)
    before = datetime.datetime.now(datetime.UTC)

    bulk_insert.insert_rows(Article, [article])

    stored_article = Article.objects.get(pk=article.pk)
    assert before <= stored_article.created_at == stored_article.updated_at


@pytest.mark.parametrize(
    "model",
    [Article, Span, Span.highlighters.through, Verdict, Evidence, Publication, ClaimLink],
    ids=lambda model: model.__name__,
)
def test_the_tables_written_are_the_models_own(model):
    tables = connection.introspection.table_names()
    assert bulk_insert.table_name(model) in tables
    assert bulk_insert.table_name(model.history.model if hasattr(model, "history") else model) in (
        tables
    )
