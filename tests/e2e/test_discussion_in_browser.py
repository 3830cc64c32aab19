"""A claim's discussion in the browser: two reviewers talk in the claim panel; a link in a
comment is clickable while markup in one stays text; nothing typed is lost."""

import re

import pytest
from playwright.sync_api import Page, expect

from annotations.models import Comment, Span
from tests.e2e.helpers import page_in_context, sign_in
from tests.e2e.test_defence_in_depth import planted_request_sent
from tests.factories import ArticleFactory, CommentFactory
from tests.helpers import FIRST_SENTENCE, span_over

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LINK = "https://stats.example/table-3"
HOSTILE = '<script>window.pwned = true</script><img src=x onerror="window.pwned = true">'


@pytest.fixture
def span(editor) -> Span:
    article = ArticleFactory(created_by=editor)
    return span_over(article, FIRST_SENTENCE, created_by=editor, highlighters=[editor])


def open_panel(page: Page, span: Span):
    panel = page.locator(f'#claim-panel.is-open[data-span="{span.pk}"]')
    expect(panel).to_be_visible()
    return panel.locator("#discussion")


def test_two_reviewers_discuss_a_claim(
    page: Page, browser, live_server, editor, second_editor, span
) -> None:
    sign_in(page, editor)
    page.goto(f"/spans/{span.pk}/")
    discussion = open_panel(page, span)
    discussion.get_by_label("Your comment").fill(
        f"@second_editor the office's table: {LINK} {HOSTILE}"
    )
    discussion.get_by_role("button", name="Comment", exact=True).click()
    expect(discussion.locator(".comment")).to_have_count(1)

    with page_in_context(browser, live_server, f"/spans/{span.pk}/", second_editor) as theirs:
        their_discussion = open_panel(theirs, span)
        comment = their_discussion.locator(".comment").first
        expect(comment.locator(".mention--me")).to_have_text("@second_editor")
        expect(comment.locator(".comment__text")).to_contain_text(HOSTILE)
        assert theirs.evaluate("window.pwned") is None
        their_discussion.get_by_label("Your comment").fill("@editor Agreed: 4.4 percent.")
        their_discussion.get_by_role("button", name="Comment", exact=True).click()
        expect(their_discussion.locator(".comment")).to_have_count(2)

    page.reload()
    discussion = open_panel(page, span)
    expect(discussion.locator(".comment").nth(1)).to_contain_text("Agreed: 4.4 percent.")
    expect(discussion.locator(".comment").nth(1).locator(".mention--me")).to_have_text("@editor")
    assert [comment.author for comment in Comment.objects.order_by("pk")] == [
        editor,
        second_editor,
    ]


def test_a_link_in_a_comment_is_clickable(page: Page, editor, span) -> None:
    page.route(
        f"{LINK}*", lambda route: route.fulfill(body="The table", content_type="text/plain")
    )
    sign_in(page, editor)
    page.goto(f"/spans/{span.pk}/")
    discussion = open_panel(page, span)
    discussion.get_by_label("Your comment").fill(f"Source: {LINK}")
    discussion.get_by_role("button", name="Comment", exact=True).click()

    discussion.get_by_role("link", name=LINK).click()

    expect(page).to_have_url(LINK)


def test_a_comment_typed_before_a_verdict_click_is_kept(page: Page, editor, span) -> None:
    sign_in(page, editor)
    page.goto(f"/spans/{span.pk}/")
    discussion = open_panel(page, span)
    discussion.get_by_label("Your comment").fill("Half-written thought")

    page.locator("#claim-panel").get_by_role("button", name=re.compile("Disputed")).click()
    expect(
        page.locator("#claim-panel").get_by_role("button", name=re.compile("Disputed"))
    ).to_have_attribute("aria-pressed", "true")

    box = open_panel(page, span).get_by_label("Your comment")
    expect(box).to_have_value("Half-written thought")
    expect(open_panel(page, span).locator(".field--unsaved")).to_have_count(1)


def test_the_author_corrects_a_comment_in_place(page: Page, editor, span) -> None:
    sign_in(page, editor)
    page.goto(f"/spans/{span.pk}/")
    discussion = open_panel(page, span)
    discussion.get_by_label("Your comment").fill("It says 4.2 percent.")
    discussion.get_by_role("button", name="Comment", exact=True).click()
    expect(discussion.locator(".comment")).to_have_count(1)

    discussion.locator(".comment__edit summary").click()
    discussion.get_by_label("Edit the comment").fill("It says 4.4 percent.")
    discussion.get_by_role("button", name="Save the comment").click()

    expect(discussion.locator(".comment__text")).to_have_text("It says 4.4 percent.")
    expect(discussion.locator(".field--unsaved")).to_have_count(0)
    assert Comment.objects.get().text == "It says 4.4 percent."


def test_deleting_a_comment_drops_what_was_typed_in_its_edit_box(
    browser, live_server, editor, span
) -> None:
    CommentFactory(span=span, author=editor, text="Posted too soon.")
    with page_in_context(browser, live_server, f"/spans/{span.pk}/", editor) as page:
        page.on("dialog", lambda dialog: dialog.accept())
        discussion = open_panel(page, span)
        discussion.locator(".comment__edit summary").click()
        discussion.get_by_label("Edit the comment").fill("Half-corrected")

        discussion.get_by_role("button", name="Delete the comment").click()

        expect(discussion.get_by_text("No comments yet.")).to_be_visible()
        assert not Comment.objects.exists()
        drafts = f"factcheck-drafts:article-{span.article_id}"
        # The drafts are tidied once the redrawn panel settles.
        page.wait_for_function("(key) => sessionStorage.getItem(key) === null", arg=drafts)


def test_an_htmx_attribute_planted_in_a_comment_never_fires(page: Page, editor, span) -> None:
    CommentFactory(span=span, text="Plain words")
    sign_in(page, editor)
    page.goto(f"/spans/{span.pk}/")
    open_panel(page, span)

    assert not planted_request_sent(page, ".comment__text", "in-comment")
