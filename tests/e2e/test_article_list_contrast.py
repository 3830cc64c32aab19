"""The article list's zero-count badges stay readable (issue 11, point 11: WCAG AA)."""

import pytest

from annotations.models import Label
from tests.e2e.helpers import page_in_context
from tests.factories import ArticleFactory, VerdictFactory
from tests.helpers import span_over

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The contrast ratio of an element's text against the first opaque background behind it.
CONTRAST = """
(selector) => {
  // The contrast the eye sees: the element's text on its own background, both faded by the
  // opacity of the element and its ancestors onto the first opaque background behind it.
  const element = document.querySelector(selector);
  const style = (node) => getComputedStyle(node);
  const rgba = (css) => {
    const [r, g, b, a = 1] = css.match(/[\\d.]+/g).map(Number);
    return [r, g, b, a];
  };
  const mix = (top, bottom, alpha) =>
    [0, 1, 2].map((i) => alpha * top[i] + (1 - alpha) * bottom[i]);
  const channel = (v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  let behind = element.parentElement;
  while (behind && rgba(style(behind).backgroundColor)[3] === 0) behind = behind.parentElement;
  const backdrop = rgba(style(behind || document.body).backgroundColor);
  let opacity = 1;
  for (let node = element; node; node = node.parentElement) opacity *= Number(style(node).opacity);
  const own = rgba(style(element).backgroundColor);
  const base = own[3] === 0 ? backdrop : own;
  const text = rgba(style(element).color);
  const textSeen = mix(mix(text, base, text[3]), backdrop, opacity);
  const baseSeen = mix(base, backdrop, opacity);
  const [high, low] = [luminance(textSeen), luminance(baseSeen)].sort((x, y) => y - x);
  return (high + 0.05) / (low + 0.05);
}
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_zero_count_badge_meets_aa_contrast(browser, live_server, editor, scheme) -> None:
    article = ArticleFactory(created_by=editor)
    VerdictFactory(span=span_over(article, "Critics said"), reviewer=editor, label=Label.SUPPORTED)
    with page_in_context(browser, live_server, "/", editor, color_scheme=scheme) as page:
        ratio = page.evaluate(CONTRAST, ".progress__counts .badge--zero")

    assert ratio >= 4.5
