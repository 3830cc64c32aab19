"""Downloading an article's verdicts from the reader, in a real browser (issue 11, point 10)."""

import pytest
from playwright.sync_api import Page

from annotations.models import Label
from tests.e2e.helpers import sign_in
from tests.factories import ArticleFactory, VerdictFactory
from tests.helpers import span_over

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_reader_downloads_the_articles_verdicts_as_csv(page: Page, editor) -> None:
    article = ArticleFactory(created_by=editor)
    span = span_over(article, "Critics said")
    VerdictFactory(span=span, reviewer=editor, label=Label.DISPUTED, rationale="Unsourced.")
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")

    with page.expect_download() as download:
        page.get_by_role("link", name="verdicts (CSV)").click()

    assert download.value.suggested_filename.startswith(f"verdicts-article-{article.pk}-")
    with open(download.value.path(), encoding="utf-8-sig") as saved:
        assert "Unsourced." in saved.read()
