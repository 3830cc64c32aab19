"""The reader by keyboard alone: select words, mark them as a claim and judge it (issue 11,
point 12)."""

import pytest
from playwright.sync_api import Page, expect

from annotations.models import Label, Span, Verdict
from tests.e2e.helpers import sign_in
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def selected(page: Page) -> str:
    return page.evaluate("() => document.getSelection().toString()")


@pytest.fixture
def article(editor):
    return ArticleFactory(created_by=editor)


def test_s_selects_the_first_word_and_shift_arrows_extend_it(page, editor, article) -> None:
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")

    page.keyboard.press("s")
    assert selected(page) == "The"
    for _ in range(2):
        page.keyboard.press("Shift+ArrowRight")

    assert selected(page).strip() == "The minister said"
    expect(page.locator("#selection-status")).to_contain_text("Selected: The minister said")


def test_arrows_move_the_selection_to_the_next_word(page, editor, article) -> None:
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")

    page.keyboard.press("s")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")

    assert selected(page).strip() == "said"


def test_a_claim_is_marked_and_judged_by_keyboard_alone(page, editor, article) -> None:
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")

    page.keyboard.press("s")
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # "unemployment"
    for _ in range(3):
        page.keyboard.press("Shift+ArrowRight")  # "… fell to 4.2" (one word)
    page.keyboard.press("c")
    expect(page.locator("#claim-panel.is-open .claim-quote")).to_be_visible()
    page.keyboard.press("Escape")  # the panel has the focus: back to the article
    page.locator("#claim-panel[data-span]").wait_for(state="detached")
    page.keyboard.press("o")
    page.locator("#claim-panel[data-span]").wait_for()
    page.keyboard.press("2")

    span = Span.objects.get(article=article)
    assert span.quote == "unemployment fell to 4.2"
    expect(page.locator("#claim-panel .badge--disputed").first).to_be_visible()
    assert Verdict.objects.get(span=span).label == Label.DISPUTED


def test_escape_clears_a_keyboard_selection(page, editor, article) -> None:
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")
    page.keyboard.press("s")

    page.keyboard.press("Escape")

    assert selected(page) == ""
