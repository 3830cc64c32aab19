"""A moderator settles a claim from the reader's panel, in a real browser (issue 11, point 7)."""

import re

import pytest
from playwright.sync_api import Page, expect

from annotations.models import Label, Span
from tests.e2e.helpers import sign_in
from tests.factories import ArticleFactory, VerdictFactory
from tests.helpers import span_over

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SENTENCE = "Critics said the figure ignores part-time workers."


def test_a_moderator_settles_a_split_claim_from_the_panel(
    page: Page, moderator, editor, second_editor
) -> None:
    article = ArticleFactory(created_by=editor)
    span = span_over(article, SENTENCE)
    VerdictFactory(span=span, reviewer=editor, label=Label.SUPPORTED)
    VerdictFactory(span=span, reviewer=second_editor, label=Label.DISPUTED)
    sign_in(page, moderator)
    page.goto(f"/articles/{article.pk}/")
    highlight = page.locator(f"#span-{span.pk}")
    expect(highlight).to_have_class(re.compile("hl--split"))

    highlight.click()
    panel = page.locator("#claim-panel.is-open")
    panel.get_by_label("Note for the history").fill("The survey's own table settles it.")
    panel.get_by_role("button", name=re.compile("Settle as .*Disputed")).click()

    expect(highlight).to_have_class(re.compile("hl--disputed"))
    expect(panel.locator(".claim-final")).to_contain_text("Final verdict")
    expect(panel.locator(".claim-final__note")).to_have_text("The survey's own table settles it.")
    span = Span.objects.get(pk=span.pk)
    assert (span.state, span.final_label, span.moderated_by) == ("approved", "disputed", moderator)
