"""Annotating in a real browser: select text, mark a claim, give a verdict, reload."""

import re

import pytest
from playwright.sync_api import Page, expect

from annotations.models import Label, Span, Verdict
from tests.e2e.helpers import select_text, sign_in
from tests.factories import ArticleFactory, SpanFactory, VerdictFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SENTENCE = "Critics said the figure ignores part-time workers."


def marked_text(page: Page, span_id: int) -> str:
    """The text one claim highlights: its marks never nest in each other, so join them."""
    return "".join(page.locator(f'#article-text mark[data-span="{span_id}"]').all_text_contents())


def test_editor_marks_a_sentence_disputed_and_finds_it_after_reload(page, editor) -> None:
    article = ArticleFactory(title="Jobless rate falls", created_by=editor)

    sign_in(page, editor)
    page.get_by_role("link", name="Jobless rate falls").click()
    page.wait_for_url(f"**/articles/{article.pk}/")
    expect(page.locator("h1")).to_have_text("Jobless rate falls")
    select_text(page, SENTENCE)
    page.locator("#mark-claim").click()
    panel = page.locator("#claim-panel.is-open")
    expect(panel.locator(".claim-quote")).to_have_text(SENTENCE)
    panel.get_by_label("Rationale").fill("Part-time workers are in the survey.")
    panel.get_by_role("button", name=re.compile("Disputed")).click()
    expect(panel.get_by_role("button", name=re.compile("Disputed"))).to_have_attribute(
        "aria-pressed", "true"
    )

    span = Span.objects.get(article=article)
    expect(page.locator(f"#span-{span.pk}")).to_have_class(re.compile("hl--disputed"))
    page.reload()
    assert marked_text(page, span.pk) == SENTENCE
    expect(page.locator(f"#span-{span.pk}")).to_have_class(re.compile("hl--disputed"))
    assert span.quote == SENTENCE
    verdict = Verdict.objects.get(span=span)
    assert (verdict.reviewer, verdict.label) == (editor, Label.DISPUTED)
    assert verdict.rationale == "Part-time workers are in the survey."


def test_verdict_updates_the_legend_counts_without_reload(page, editor, article) -> None:
    SpanFactory(article=article, start=0, end=60, created_by=editor)
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")
    page.evaluate("window.notReloaded = true")

    page.locator("#article-text mark").first.click()
    page.locator("#verdict-form").get_by_role("button", name=re.compile("Supported")).click()

    expect(page.locator("#claim-legend a", has_text="Supported")).to_contain_text("1")
    assert page.evaluate("window.notReloaded") is True


def test_selection_across_paragraphs_keeps_the_blank_line(page, editor, article) -> None:
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")

    select_text(page, "in March.", "Critics said")
    page.keyboard.press("c")

    expect(page.locator("#claim-panel.is-open")).to_be_visible()
    assert Span.objects.get(article=article).quote == "in March.\n\nCritics said"


def test_text_after_emoji_is_stored_exactly_as_selected(page, editor) -> None:
    text = "Fans 😀🎉 cheered. The 👩‍👩‍👧 family and 🇺🇦 fans saw the team win 3-1 at home."
    article = ArticleFactory(text=text, created_by=editor)
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")

    select_text(page, "team win 3-1")
    page.keyboard.press("c")

    expect(page.locator("#claim-panel.is-open .claim-quote")).to_have_text("team win 3-1")
    span = Span.objects.get(article=article)
    assert (span.start, span.end, span.quote) == (
        text.index("team"),
        text.index("team") + len("team win 3-1"),
        "team win 3-1",
    )


def test_selection_outside_the_article_text_gets_a_message(page, editor, article) -> None:
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")

    page.evaluate(
        """() => {
          const range = document.createRange();
          range.selectNodeContents(document.querySelector("h1"));
          document.getSelection().removeAllRanges();
          document.getSelection().addRange(range);
        }"""
    )
    page.keyboard.press("c")

    expect(page.locator("#reader-message")).to_contain_text("Select words in the article")
    assert not Span.objects.exists()


def test_whitespace_only_selection_gets_a_message(page, editor, article) -> None:
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")

    select_text(page, " ")
    page.keyboard.press("c")

    expect(page.locator("#reader-message")).to_contain_text("only white space")
    assert not Span.objects.exists()


def test_overlapping_claims_both_render_and_each_opens(page, editor, article) -> None:
    outer = SpanFactory(article=article, start=0, end=60)  # the whole first sentence
    inner_start = article.text.index("unemployment fell")
    inner = SpanFactory(article=article, start=inner_start, end=inner_start + 33)
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")

    assert marked_text(page, outer.pk) == article.text[0:60]
    assert marked_text(page, inner.pk) == article.text[inner_start : inner_start + 33]
    page.locator(f'mark[data-span="{inner.pk}"][data-start="{inner_start}"]').click()

    panel = page.locator("#claim-panel")
    expect(panel).to_have_attribute("data-span", str(inner.pk))
    expect(panel.locator(".claims-here")).to_contain_text("2 claims overlap here")
    panel.locator(".claims-here__link").first.click()
    expect(panel).to_have_attribute("data-span", str(outer.pk))
    expect(panel.locator(".claim-quote")).to_have_text(article.text[0:60])
    expect(
        page.locator(f'#article-text mark.is-selected[data-span="{outer.pk}"]').first
    ).to_be_visible()


def test_hostile_text_renders_as_text_and_opens_no_dialog(page, editor, dialogs) -> None:
    text = "Before <script>alert(1)</script> and <img src=x onerror=alert(1)> after."
    article = ArticleFactory(title="<script>alert(2)</script>", text=text, created_by=editor)
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")

    select_text(page, "<img src=x onerror=alert(1)>")
    page.keyboard.press("c")

    expect(page.locator("#claim-panel.is-open .claim-quote")).to_have_text(
        "<img src=x onerror=alert(1)>"
    )
    expect(page.locator("#article-text")).to_contain_text("<script>alert(1)</script>")
    expect(page.locator("h1")).to_have_text("<script>alert(2)</script>")
    assert page.locator("#article-text img, #article-text script").count() == 0
    page.reload()
    page.wait_for_load_state("networkidle")
    assert dialogs == []
    assert Span.objects.get(article=article).quote == "<img src=x onerror=alert(1)>"


def test_keyboard_moves_between_claims_sets_verdicts_and_shows_help(page, editor, article) -> None:
    first = SpanFactory(article=article, start=0, end=12)
    second_start = article.text.index("Critics")
    second = SpanFactory(article=article, start=second_start, end=second_start + 12)
    VerdictFactory(span=second, reviewer=editor, label=Label.SUPPORTED)
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")
    panel = page.locator("#claim-panel")

    page.keyboard.press("j")
    expect(panel).to_have_attribute("data-span", str(first.pk))
    page.keyboard.press("j")
    expect(panel).to_have_attribute("data-span", str(second.pk))
    page.keyboard.press("k")
    expect(panel).to_have_attribute("data-span", str(first.pk))

    page.keyboard.press("2")
    expect(panel.locator('[data-shortcut="2"]')).to_have_attribute("aria-pressed", "true")
    assert Verdict.objects.get(span=first, reviewer=editor).label == Label.DISPUTED
    page.keyboard.press("3")
    expect(panel.locator('[data-shortcut="3"]')).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("1")
    expect(panel.locator('[data-shortcut="1"]')).to_have_attribute("aria-pressed", "true")
    assert Verdict.objects.get(span=first, reviewer=editor).label == Label.SUPPORTED

    page.keyboard.press("?")
    expect(page.locator("#shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#shortcuts")).to_be_hidden()

    page.keyboard.press("Escape")
    expect(panel).not_to_have_class(re.compile("is-open"))
    expect(page.locator("#article-text mark.is-selected")).to_have_count(0)
    page.keyboard.press("o")
    expect(panel).to_have_attribute("data-span", str(first.pk))


def test_shortcuts_are_off_while_typing_a_rationale(page, editor, article) -> None:
    span = SpanFactory(article=article, start=0, end=12)
    sign_in(page, editor)
    page.goto(f"/spans/{span.pk}/")

    page.get_by_label("Rationale").type("j k 1 2 3")

    expect(page.get_by_label("Rationale")).to_have_value("j k 1 2 3")
    expect(page.locator("#claim-panel")).to_have_attribute("data-span", str(span.pk))
    assert not Verdict.objects.exists()


def test_filter_shows_only_claims_of_one_state(page, editor, article) -> None:
    disputed = SpanFactory(article=article, start=0, end=12)
    VerdictFactory(span=disputed, reviewer=editor, label=Label.DISPUTED)
    unjudged_start = article.text.index("Critics")
    unjudged = SpanFactory(article=article, start=unjudged_start, end=unjudged_start + 12)
    sign_in(page, editor)
    page.goto(f"/articles/{article.pk}/")

    page.locator("#claim-legend a", has_text="Disputed").click()

    expect(page.locator(f'mark[data-span="{unjudged.pk}"]')).to_have_count(0)
    expect(page.locator(f"#span-{disputed.pk}")).to_be_visible()
    assert page.url.endswith("?shown=disputed")
