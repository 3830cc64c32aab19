"""Revising an article's text in a real browser, then re-attaching the claim it orphaned by
selecting the claim's new words (issue 11, point 8)."""

import pytest
from playwright.sync_api import Page, expect

from annotations import services
from annotations.models import Label, Span, Verdict
from tests.e2e.helpers import page_in_context, select_text, sign_in
from tests.factories import VerdictFactory
from tests.helpers import CRITICS, REWORDED, orphaned_span, span_over

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def arm_re_attach(page: Page, span: Span) -> None:
    button = page.locator(f"#orphan-{span.pk} [data-action=reattach]")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"#orphan-{span.pk} .orphan__armed")).to_be_visible()


def test_a_revision_orphans_a_claim_and_selecting_its_new_words_re_attaches_it(
    page, editor, article
) -> None:
    span = span_over(article, CRITICS, created_by=editor)
    VerdictFactory(span=span, reviewer=editor, label=Label.DISPUTED)
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")

    page.get_by_role("link", name="Revise text").click()
    page.get_by_label("Edit the current text").fill(article.text.replace(CRITICS, REWORDED))
    page.get_by_label("What changed (optional)").fill("The agency reworded its criticism.")
    page.get_by_role("button", name="Save revision 2").click()

    page.wait_for_url(f"**/articles/{article.pk}/")
    expect(page.locator(".messages")).to_contain_text("0 claims re-anchored")
    expect(page.locator(".messages")).to_contain_text("1 orphaned")
    orphans = page.locator("#orphaned-claims")
    expect(orphans.locator(".orphan__quote")).to_have_text(CRITICS)
    expect(orphans).to_contain_text("1 verdict")

    arm_re_attach(page, span)
    select_text(page, REWORDED)
    mark = page.locator("#mark-claim")
    expect(mark).to_contain_text("Re-attach here")
    mark.click()

    panel = page.locator("#claim-panel.is-open")
    expect(panel).to_have_attribute("data-span", str(span.pk))
    expect(panel.locator(".claim-quote")).to_have_text(REWORDED)
    expect(orphans).to_be_hidden()
    expect(page.locator(f"#span-{span.pk}")).to_be_visible()
    expect(page.locator("#mark-claim .mark-claim__label")).to_have_text("Mark claim")
    span.refresh_from_db()
    assert (span.quote, span.is_orphaned) == (REWORDED, False)
    assert Verdict.objects.get(span=span).label == Label.DISPUTED


def test_re_attaching_by_keyboard_and_what_changed(page, editor, article) -> None:
    span = orphaned_span(article, editor, created_by=editor)
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")

    page.get_by_role("link", name="What changed in revision 2").click()
    expect(page.locator(".diff__text ins").first).to_contain_text("Unions")
    expect(page.locator(".diff__text del").first).to_contain_text("Critics")
    page.go_back()

    arm_re_attach(page, span)
    select_text(page, REWORDED)
    page.keyboard.press("c")

    expect(page.locator("#claim-panel.is-open")).to_have_attribute("data-span", str(span.pk))
    span.refresh_from_db()
    assert not span.is_orphaned


def test_escape_stops_re_attaching_and_a_selection_marks_a_new_claim(
    page, editor, article
) -> None:
    span = orphaned_span(article, editor, created_by=editor)
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")

    arm_re_attach(page, span)
    page.keyboard.press("Escape")
    expect(page.locator(f"#orphan-{span.pk} [data-action=reattach]")).to_have_attribute(
        "aria-pressed", "false"
    )
    select_text(page, REWORDED)
    page.keyboard.press("c")

    expect(page.locator("#claim-panel.is-open .claim-quote")).to_have_text(REWORDED)
    span.refresh_from_db()
    assert span.is_orphaned
    assert Span.objects.filter(article=article, is_orphaned=False).count() == 1


def test_words_another_claim_holds_are_refused_and_re_attaching_can_go_on(
    browser, live_server, editor, article
) -> None:
    span = orphaned_span(article, editor, created_by=editor)
    start = article.text.index(REWORDED)
    services.span_create(user=editor, article=article, start=start, end=start + len(REWORDED))
    # A page of its own: the refusal is a 400, which the browser logs as a console error.
    with page_in_context(browser, live_server, f"/articles/{article.pk}/", editor) as page:
        errors = []
        page.on("console", lambda message: errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))

        arm_re_attach(page, span)
        select_text(page, REWORDED)
        page.keyboard.press("c")

        expect(page.locator("#reader-message")).to_contain_text(
            "Another claim already highlights exactly these words"
        )
        expect(page.locator(f"#orphan-{span.pk} [data-action=reattach]")).to_have_attribute(
            "aria-pressed", "true"
        )
        select_text(page, "Officials denied it.")
        page.keyboard.press("c")
        expect(page.locator("#claim-panel.is-open")).to_have_attribute("data-span", str(span.pk))

    assert [error for error in errors if "status of 400" not in error] == []
    span.refresh_from_db()
    assert (span.quote, span.is_orphaned) == ("Officials denied it.", False)
