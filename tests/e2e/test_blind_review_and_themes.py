"""In a real browser: blind review in the reader, and the pages in a dark colour scheme."""

import re

import pytest
from playwright.sync_api import Page, expect

from annotations.models import Label
from tests.e2e.helpers import page_in_context, sign_in
from tests.factories import ArticleFactory, VerdictFactory
from tests.helpers import span_over

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RATIONALE = "The survey counts part-time workers."

LUMINANCE = """
(selector) => {
  // Relative luminance (WCAG) of an element's computed background and text colours.
  const element = document.querySelector(selector);
  const style = getComputedStyle(element);
  const luminance = (css) => {
    const [r, g, b] = css.match(/[\\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  return [luminance(style.backgroundColor), luminance(style.color)];
}
"""


def test_an_editor_sees_a_colleagues_verdict_only_after_giving_one(
    page: Page, editor, second_editor
) -> None:
    article = ArticleFactory(created_by=editor, blind_review=True)
    span = span_over(article, "Critics said the figure ignores part-time workers.")
    VerdictFactory(span=span, reviewer=second_editor, label=Label.DISPUTED, rationale=RATIONALE)
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")
    highlight = page.locator(f"#span-{span.pk}")
    expect(highlight).to_have_class(re.compile("hl--hidden"))

    highlight.click()
    panel = page.locator("#claim-panel.is-open")
    expect(panel.locator(".other-verdicts .blind-note")).to_contain_text(
        "1 reviewer judged this claim"
    )
    expect(panel).not_to_contain_text(RATIONALE)
    panel.get_by_role("button", name=re.compile("Supported")).click()

    expect(panel).to_contain_text(RATIONALE)
    expect(highlight).to_have_class(re.compile("hl--split"))


def colours(browser, live_server, user, scheme: str, path: str, selector: str):
    with page_in_context(browser, live_server, path, user, color_scheme=scheme) as page:
        return page.evaluate(LUMINANCE, selector)


@pytest.mark.parametrize("path", ["/", "/stats/"])
def test_a_dark_colour_scheme_gets_light_text_on_a_dark_page(
    browser, live_server, editor, path
) -> None:
    background, text = colours(browser, live_server, editor, "dark", path, "body")

    assert background < 0.02
    assert (text + 0.05) / (background + 0.05) >= 7


def test_a_light_colour_scheme_keeps_dark_text_on_a_light_page(
    browser, live_server, editor
) -> None:
    background, text = colours(browser, live_server, editor, "light", "/", "body")

    assert background > 0.8
    assert (background + 0.05) / (text + 0.05) >= 7
