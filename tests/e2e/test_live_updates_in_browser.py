"""Two colleagues on one article: what one marks appears on the other's page within five
seconds, without a reload, keeping their scroll position, selection and typing (issue 14,
point 4)."""

import pytest
from playwright.sync_api import expect

from annotations import services
from annotations.models import Span
from tests.e2e.helpers import page_in_context, select_text
from tests.factories import ArticleFactory, ModeratorFactory
from tests.helpers import span_over

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PARAGRAPHS = [
    f"Paragraph {number}: officials said the index for region {number} rose by {number} "
    "percent, and critics said the method had changed since the last survey was taken."
    for number in range(1, 31)
]
THEIRS = "the index for region 25 rose by 25 percent"
MINE = "the index for region 20 rose by 20 percent"


@pytest.fixture
def article(editor):
    return ArticleFactory(text="\n\n".join(PARAGRAPHS), created_by=editor)


def colleague_marks(browser, live_server, second_editor, article, quote: str) -> Span:
    with page_in_context(browser, live_server, f"/articles/{article.pk}/", second_editor) as page:
        select_text(page, quote)
        page.keyboard.press("c")
        expect(page.locator("#claim-panel.is-open .claim-quote")).to_have_text(quote)
    return Span.objects.get(article=article, quote=quote)


def test_a_colleagues_claim_appears_without_moving_my_page_or_losing_my_typing(
    browser, live_server, editor, second_editor, article
) -> None:
    mine = span_over(article, MINE)
    with page_in_context(browser, live_server, f"/spans/{mine.pk}/", editor) as page:
        page.evaluate("() => window.scrollTo(0, 900)")
        rationale = page.locator("#claim-panel textarea[name=rationale]")
        rationale.fill("Half of what I think")
        rationale.focus()
        scrolled = page.evaluate("() => window.scrollY")

        theirs = colleague_marks(browser, live_server, second_editor, article, THEIRS)

        expect(page.locator(f'#article-text mark[data-span="{theirs.pk}"]')).to_be_visible(
            timeout=6000
        )
        assert page.evaluate("() => window.scrollY") == scrolled
        assert rationale.input_value() == "Half of what I think"
        assert rationale.evaluate("(field) => field === document.activeElement")
        assert page.locator(f'#article-text mark[data-span="{mine.pk}"].is-selected').count()


def test_a_redraw_waits_while_i_select_text(
    browser, live_server, editor, second_editor, article
) -> None:
    with page_in_context(browser, live_server, f"/articles/{article.pk}/", editor) as page:
        select_text(page, "critics said the method")

        theirs = colleague_marks(browser, live_server, second_editor, article, THEIRS)
        page.wait_for_timeout(5000)  # a check has come and gone

        selected = page.evaluate("() => document.getSelection().toString()")
        assert selected == "critics said the method"
        assert page.locator(f'#article-text mark[data-span="{theirs.pk}"]').count() == 0
        page.keyboard.press("Escape")
        expect(page.locator(f'#article-text mark[data-span="{theirs.pk}"]')).to_be_visible()


def test_a_moderators_assignment_appears_in_the_reviewers_region_without_a_reload(
    browser, live_server, editor, moderator, second_editor, article
) -> None:
    with page_in_context(browser, live_server, f"/articles/{article.pk}/", editor) as page:
        region = page.locator("#article-assignments")
        expect(region.locator(".assignee")).to_have_count(0)

        services.assignment_set(user=moderator, article=article, reviewer=second_editor)

        expect(region.locator(".assignee")).to_contain_text(
            second_editor.get_full_name(), timeout=6000
        )


def test_a_half_filled_assignment_form_is_not_redrawn_under_the_moderator(
    browser, live_server, editor, moderator, second_editor, article
) -> None:
    with page_in_context(browser, live_server, f"/articles/{article.pk}/", moderator) as page:
        region = page.locator("#article-assignments")
        region.get_by_label("Assign", exact=True).select_option(label=editor.get_full_name())
        page.locator("h1").click()  # the field loses the focus, its choice stays

        other = ModeratorFactory()
        services.assignment_set(user=other, article=article, reviewer=second_editor)
        page.wait_for_timeout(5000)  # a check has come and gone

        assert region.get_by_label("Assign", exact=True).input_value() == editor.username
        expect(region.locator(".assignee")).to_have_count(0)  # not drawn again yet
