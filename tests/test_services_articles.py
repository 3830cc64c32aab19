"""article_create, article_update and article_revise_text."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from annotations import services
from annotations.models import Article, Span
from tests.factories import ArticleFactory, SpanFactory

pytestmark = pytest.mark.django_db


def _create(user, **overrides):
    fields = {"title": "Budget speech", "text": "The deficit halved in 2024.", "source": "Daily"}
    return services.article_create(user=user, **(fields | overrides))


def test_article_create_normalises_text(editor):
    article = _create(editor, text="Cafe\u0301 prices rose.  \r\nSecond line.\r\n\r\n")

    article.refresh_from_db()
    assert article.text == "Café prices rose.\nSecond line."
    assert article.created_by == editor
    assert len(article.text_sha256) == 64


def test_article_create_records_history_with_user(editor):
    article = _create(editor)

    record = article.history.get()
    assert record.history_type == "+"
    assert record.history_user == editor


def test_article_create_rejects_empty_text(editor):
    with pytest.raises(ValidationError) as error:
        _create(editor, text=" \n\t\n ")
    assert "text" in error.value.message_dict
    assert not Article.objects.exists()


def test_article_create_rejects_text_over_the_limit(editor):
    with pytest.raises(ValidationError) as error:
        _create(editor, text="x" * 2_000_001)
    assert "limit" in error.value.message_dict["text"][0]
    assert not Article.objects.exists()


def test_article_create_rejects_nul_characters(editor):
    with pytest.raises(ValidationError) as error:
        _create(editor, text="before\x00after")
    assert "text" in error.value.message_dict
    assert not Article.objects.exists()


def test_article_create_requires_a_title(editor):
    with pytest.raises(ValidationError) as error:
        _create(editor, title="")
    assert "title" in error.value.message_dict


def test_article_create_rejects_a_bad_url(editor):
    with pytest.raises(ValidationError) as error:
        _create(editor, url="javascript:alert(1)")
    assert "url" in error.value.message_dict


def test_article_create_refuses_users_without_a_role(outsider):
    with pytest.raises(PermissionDenied):
        _create(outsider)
    assert not Article.objects.exists()


def test_article_create_points_at_the_existing_copy_of_a_text(editor, second_editor):
    first = _create(editor, text="Same words.")

    with pytest.raises(services.DuplicateArticle) as error:
        _create(second_editor, text="Same words.\r\n", title="Copy")

    assert error.value.existing == first
    assert Article.objects.count() == 1


def test_article_update_changes_metadata(editor, article):
    services.article_update(
        user=editor, article=article, title="New title", published=datetime.date(2021, 7, 20)
    )

    article.refresh_from_db()
    assert (article.title, article.published) == ("New title", datetime.date(2021, 7, 20))


def test_article_update_cannot_change_text(editor, article):
    with pytest.raises(ValidationError) as error:
        services.article_update(user=editor, article=article, text="Rewritten.")
    assert "text" in error.value.message_dict


def test_article_update_refused_to_another_editor(second_editor, article):
    with pytest.raises(PermissionDenied):
        services.article_update(user=second_editor, article=article, title="Mine now")
    article.refresh_from_db()
    assert article.title != "Mine now"


def test_article_update_sets_reviewers_needed_with_the_metadata(moderator, article):
    services.article_update(user=moderator, article=article, title="Renamed", reviewers_needed=3)

    article.refresh_from_db()
    assert (article.title, article.reviewers_needed) == ("Renamed", 3)


def test_article_update_of_reviewers_needed_by_an_editor_changes_nothing(editor, article):
    with pytest.raises(PermissionDenied):
        services.article_update(user=editor, article=article, title="Renamed", reviewers_needed=3)

    article.refresh_from_db()
    assert article.title != "Renamed"
    assert article.reviewers_needed != 3


def test_article_update_with_the_same_reviewers_needed_is_no_change(editor, article):
    services.article_update(
        user=editor, article=article, title="Renamed", reviewers_needed=article.reviewers_needed
    )

    article.refresh_from_db()
    assert article.title == "Renamed"


def test_article_update_allowed_to_moderator(moderator, article):
    services.article_update(user=moderator, article=article, status=Article.Status.CLOSED)

    article.refresh_from_db()
    assert article.status == Article.Status.CLOSED


def test_revise_text_moves_spans_with_their_quote(editor):
    article = ArticleFactory(created_by=editor, text="Alpha said X. Beta said Y.")
    span = SpanFactory(article=article, start=14, end=26)

    services.article_revise_text(
        user=editor, article=article, text="Intro line.\n\nAlpha said X. Beta said Y."
    )

    span.refresh_from_db()
    article.refresh_from_db()
    assert article.revision == 2
    assert article.text[span.start : span.end] == "Beta said Y."
    assert not span.is_orphaned


def test_revise_text_keeps_spans_in_order_when_ranges_swap(editor):
    article = ArticleFactory(created_by=editor, text="one two")
    first = SpanFactory(article=article, start=0, end=3)
    second = SpanFactory(article=article, start=4, end=7)

    services.article_revise_text(user=editor, article=article, text="two one")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.start, first.end, second.start, second.end) == (4, 7, 0, 3)


def test_revise_text_orphans_spans_it_cannot_find(editor):
    article = ArticleFactory(created_by=editor, text="The claim that vanished. The rest stays.")
    span = SpanFactory(article=article, start=0, end=24)

    orphaned = services.article_revise_text(
        user=editor, article=article, text="Entirely different words now."
    )

    span.refresh_from_db()
    assert orphaned == [span]
    assert span.is_orphaned
    assert span.quote == "The claim that vanished."
    assert Span.objects.filter(pk=span.pk).exists()


def test_revise_text_refused_to_another_editor(second_editor, article):
    with pytest.raises(PermissionDenied):
        services.article_revise_text(user=second_editor, article=article, text="Changed.")
    article.refresh_from_db()
    assert article.revision == 1


@pytest.mark.parametrize("field", ["source", "byline"])
def test_article_create_stores_a_whitespace_only_name_as_empty(editor, field):
    article = services.article_create(
        user=editor, title="A title", text="Some text.", **{field: " \t "}
    )

    article.refresh_from_db()
    assert getattr(article, field) == ""


@pytest.mark.parametrize("field", ["source", "byline"])
def test_article_update_strips_the_edges_of_a_name(editor, field):
    article = ArticleFactory(created_by=editor)

    services.article_update(user=editor, article=article, **{field: "  The Outlet  "})

    article.refresh_from_db()
    assert getattr(article, field) == "The Outlet"
