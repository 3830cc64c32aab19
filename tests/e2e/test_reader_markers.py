"""A highlight's start marker stays on the line of its claim's first word (issue 11, bug 3)."""

import pytest
from playwright.sync_api import Page

from annotations.models import Label
from tests.e2e.helpers import sign_in
from tests.factories import ArticleFactory, EditorFactory, VerdictFactory
from tests.helpers import span_over

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SENTENCES = [
    f"Officials said the figure for region {number} rose by {number * 7} percent last year."
    for number in range(1, 41)
]

# Claims whose marker (drawn before the first word) sits on another line than that word.
MARKERS_APART = """
() => Array.from(document.querySelectorAll("#article-text mark.hl--first")).filter((mark) => {
  const text = document.createTreeWalker(mark, NodeFilter.SHOW_TEXT).nextNode();
  const range = document.createRange();
  range.setStart(text, 0);
  range.setEnd(text, 1);
  const word = range.getClientRects()[0];
  const marker = mark.getClientRects()[0];
  return Math.abs(word.top - marker.top) > 10;
}).map((mark) => mark.dataset.span)
"""


def test_no_marker_ends_a_line_away_from_its_claim(page: Page, editor) -> None:
    article = ArticleFactory(created_by=editor, text=" ".join(SENTENCES))
    second = EditorFactory(username="second")
    # Every marker glyph: ✓ ✗ ? (two reviewers agreeing), ± (split) and • (no verdict).
    labels = [
        (Label.SUPPORTED, Label.SUPPORTED),
        (Label.DISPUTED, Label.DISPUTED),
        (Label.UNVERIFIED, Label.UNVERIFIED),
        (Label.SUPPORTED, Label.DISPUTED),
        (),
    ]
    for number, sentence in enumerate(SENTENCES):
        span = span_over(article, sentence, created_by=editor)
        for reviewer, label in zip((editor, second), labels[number % 5], strict=False):
            VerdictFactory(span=span, reviewer=reviewer, label=label)
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")

    apart = {}
    for width in range(900, 1500, 23):
        page.set_viewport_size({"width": width, "height": 900})
        apart[width] = page.evaluate(MARKERS_APART)

    assert {width: spans for width, spans in apart.items() if spans} == {}
