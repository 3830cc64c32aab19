"""An Arabic article reads right to left, and selecting in it stores exactly what was
selected (issue 11, point 9)."""

import pytest
from playwright.sync_api import Page, expect

from annotations.models import Span
from tests.e2e.helpers import select_text, sign_in
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# "The minister said that unemployment fell to 4.2 percent in March." and, in a paragraph
# of its own, an English quotation inside the Arabic article.
ARABIC = (
    "قال الوزير إن البطالة انخفضت إلى 4.2 في المئة في مارس.\n\n"
    "وأضاف أن الأجور ارتفعت بنسبة 3 في المئة.\n\n"
    '"Unemployment fell to 4.2 percent," the ministry said in English.'
)
CLAIM = "البطالة انخفضت إلى 4.2 في المئة"


@pytest.fixture
def arabic(editor):
    return ArticleFactory(text=ARABIC, language="ar", created_by=editor)


def direction(page: Page, selector: str) -> str:
    return page.locator(selector).evaluate("(element) => getComputedStyle(element).direction")


def test_an_arabic_article_reads_right_to_left(page, editor, arabic) -> None:
    sign_in(page, editor)
    page.goto(f"/articles/{arabic.pk}/")

    assert direction(page, "#article-text p >> nth=0") == "rtl"
    # A paragraph in a left-to-right language inside it keeps its own direction.
    assert direction(page, "#article-text p >> nth=2") == "ltr"
    # The app around it stays left to right.
    assert direction(page, "#claim-panel") == "ltr"


def test_a_selection_in_arabic_is_stored_exactly(page, editor, arabic) -> None:
    sign_in(page, editor)
    page.goto(f"/articles/{arabic.pk}/")

    select_text(page, CLAIM)
    page.keyboard.press("c")

    quote = page.locator("#claim-panel.is-open .claim-quote")
    expect(quote).to_have_text(CLAIM)
    assert quote.evaluate("(element) => getComputedStyle(element).direction") == "rtl"
    span = Span.objects.get(article=arabic)
    start = ARABIC.index(CLAIM)
    assert (span.start, span.end, span.quote) == (start, start + len(CLAIM), CLAIM)
    expect(page.locator(f'#article-text mark[data-span="{span.pk}"]')).to_have_text(CLAIM)
