"""The claim panel never loses what a reviewer typed (issue 11, bugs 1 and 2): a browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from annotations.models import Label, Span, Verdict
from tests.e2e.helpers import sign_in
from tests.factories import ArticleFactory, VerdictFactory
from tests.helpers import span_over

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FIRST = "The minister said unemployment fell to 4.2 percent in March."
SECOND = "Critics said the figure ignores part-time workers."


@pytest.fixture
def claims(editor):
    article = ArticleFactory(created_by=editor)
    first = span_over(article, FIRST, created_by=editor, highlighters=[editor])
    second = span_over(article, SECOND, created_by=editor, highlighters=[editor])
    return article, first, second


def open_claim(page: Page, span: Span):
    page.locator(f"#span-{span.pk}").click()
    panel = page.locator(f'#claim-panel.is-open[data-span="{span.pk}"]')
    expect(panel).to_be_visible()
    return panel


def test_a_restated_claim_typed_before_a_verdict_click_is_kept_unsaved_then_saved(
    page: Page, editor, claims
) -> None:
    article, first, _ = claims
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")
    panel = open_claim(page, first)
    panel.get_by_label("Claim, restated").fill("Unemployment fell to 4.2%.")
    panel.get_by_label("Speaker").fill("The minister")

    panel.get_by_role("button", name=re.compile("Supported")).click()
    expect(panel.get_by_role("button", name=re.compile("Supported"))).to_have_attribute(
        "aria-pressed", "true"
    )

    expect(panel.get_by_label("Claim, restated")).to_have_value("Unemployment fell to 4.2%.")
    expect(panel.get_by_label("Speaker")).to_have_value("The minister")
    expect(panel.locator(".field--unsaved")).to_have_count(2)
    panel.get_by_role("button", name="Save claim details").click()
    expect(panel.locator(".field--unsaved")).to_have_count(0)
    first.refresh_from_db()
    assert (first.claim, first.speaker) == ("Unemployment fell to 4.2%.", "The minister")


def test_an_edited_rationale_survives_adding_evidence(page: Page, editor, claims) -> None:
    article, first, _ = claims
    VerdictFactory(span=first, reviewer=editor, label=Label.SUPPORTED, rationale="First take.")
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")
    panel = open_claim(page, first)
    panel.get_by_label("Rationale").fill("Second take, with the office's table.")

    panel.locator("summary", has_text="Add evidence").click()
    panel.get_by_label("URL").fill("https://example.org/table")
    panel.get_by_role("button", name="Add evidence").click()
    expect(panel.locator(".evidence-list a", has_text="example.org/table")).to_be_visible()

    expect(panel.get_by_label("Rationale")).to_have_value("Second take, with the office's table.")
    # Only the rationale is unsaved: the evidence form's link was saved with it.
    expect(panel.locator(".field--unsaved")).to_have_count(1)
    expect(panel.locator(".field--unsaved textarea")).to_have_count(1)
    assert Verdict.objects.get(span=first).rationale == "First take."


def test_typing_on_a_claim_comes_back_after_moving_to_another_and_back(
    page: Page, editor, claims
) -> None:
    article, first, second = claims
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")
    panel = open_claim(page, first)
    panel.get_by_label("Rationale").fill("Half-written thought")

    page.locator("h1").click()  # leave the field, as a reviewer would
    page.keyboard.press("j")
    expect(page.locator(f'#claim-panel[data-span="{second.pk}"]')).to_be_visible()
    expect(page.get_by_label("Rationale")).to_have_value("")
    page.keyboard.press("k")

    back = page.locator(f'#claim-panel[data-span="{first.pk}"]')
    expect(back.get_by_label("Rationale")).to_have_value("Half-written thought")
    expect(back.locator(".field__unsaved")).to_have_text(re.compile("Not saved yet"))


def test_leaving_the_page_with_unsaved_typing_asks_first(page: Page, editor, claims) -> None:
    article, first, _ = claims
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")
    panel = open_claim(page, first)
    panel.get_by_label("Rationale").fill("Not saved")
    kinds = []
    page.on("dialog", lambda dialog: kinds.append(dialog.type))

    page.close(run_before_unload=True)
    page.wait_for_timeout(300)

    assert kinds == ["beforeunload"]


def test_a_resized_rationale_box_keeps_its_size_after_saving_without_a_csp_error(
    page: Page, editor, claims
) -> None:
    # The page fixture fails the test on any console error, such as a refused inline style.
    article, first, _ = claims
    VerdictFactory(span=first, reviewer=editor, label=Label.SUPPORTED, rationale="Short.")
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")
    panel = open_claim(page, first)
    box = panel.get_by_label("Rationale")
    # What dragging the resize grip does: the browser sets the element's height.
    box.evaluate("(area) => { area.style.height = '420px'; }")

    panel.get_by_role("button", name="Save rationale").click()
    expect(panel.locator(".field--unsaved")).to_have_count(0)

    page.wait_for_timeout(200)
    assert panel.get_by_label("Rationale").evaluate("(area) => area.style.height") == "420px"
