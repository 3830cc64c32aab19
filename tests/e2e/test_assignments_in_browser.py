"""A moderator assigns an article in the reader's header; the reviewer finds it on My work
(issue 14, points 1 and 2), in a real browser."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from annotations.models import Assignment
from tests.e2e.helpers import page_in_context, sign_in
from tests.factories import ArticleFactory
from tests.helpers import CRITICS, FIRST_SENTENCE, span_over

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_moderator_assigns_an_article_and_the_reviewer_finds_it_on_my_work(
    page: Page, browser, live_server, moderator, editor
) -> None:
    article = ArticleFactory(title="Jobs report", reviewers_needed=2)
    span_over(article, FIRST_SENTENCE)
    span_over(article, CRITICS)
    due = timezone.localdate() + datetime.timedelta(days=3)
    sign_in(page, moderator)
    page.goto(f"/articles/{article.pk}/")

    region = page.locator("#article-assignments")
    region.get_by_label("Assign", exact=True).select_option(label=editor.get_full_name())
    region.get_by_label("Due (optional)").fill(due.isoformat())
    region.get_by_role("button", name="Assign", exact=True).click()

    expect(region.locator(".assignee")).to_contain_text(editor.get_full_name())
    expect(region).to_contain_text("1 of 2 assigned")
    expect(region.get_by_role("status")).to_have_text(f"Assigned to {editor.get_full_name()}.")
    assert page.url.endswith(f"/articles/{article.pk}/")  # swapped in place, no reload
    assert Assignment.objects.get(article=article).due == due

    with page_in_context(browser, live_server, "/", editor) as reviewer:
        reviewer.get_by_role("navigation", name="Main").get_by_role("link").first.click()

        assigned = reviewer.locator("#my-assignments")
        expect(assigned).to_contain_text("Jobs report")
        expect(assigned).to_contain_text("0 of 2 claims judged")
        waiting = reviewer.locator("#claims-awaiting")
        expect(waiting.locator(".work-item")).to_have_count(2)
        expect(waiting.locator(".work-item").first).to_contain_text("Assigned to you")
        assigned.get_by_role("link", name="Jobs report").click()
        expect(reviewer.locator("#article-assignments")).to_contain_text(editor.get_full_name())


def test_a_moderator_unassigns_in_place(page: Page, moderator, editor) -> None:
    article = ArticleFactory()
    Assignment.objects.create(article=article, reviewer=editor, assigned_by=moderator)
    sign_in(page, moderator)
    page.goto(f"/articles/{article.pk}/")

    region = page.locator("#article-assignments")
    region.get_by_role("button", name=f"Unassign {editor.get_full_name()}").click()

    expect(region).to_contain_text("No one is assigned yet.")
    assert not Assignment.objects.exists()
