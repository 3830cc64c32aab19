"""Tests for opening a claim's panel: what it shows, the overlapping claims, who sees what."""

import pytest
from django.urls import reverse

from annotations.models import Label, Span
from tests.factories import ArticleFactory, EvidenceFactory, SpanFactory, VerdictFactory
from tests.helpers import FIRST_SENTENCE, signed_in_client, span_over

pytestmark = pytest.mark.django_db


def detail_url(span) -> str:
    return reverse("annotations:span-detail", args=[span.pk])


def test_span_detail_over_htmx_returns_only_the_panel(htmx_client, article, second_editor):
    span = span_over(article, FIRST_SENTENCE)
    VerdictFactory(span=span, reviewer=second_editor, label="disputed", rationale="Was 4.4.")

    response = htmx_client.get(detail_url(span))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="claim-panel"')
    assert "article-text" not in content
    assert FIRST_SENTENCE in content
    assert "Was 4.4." in content


def test_span_detail_without_htmx_shows_the_page_with_the_panel_open(editor_client, article):
    span = span_over(article, FIRST_SENTENCE)

    response = editor_client.get(detail_url(span))

    content = response.content.decode()
    assert "<html" in content
    assert 'class="claim-panel is-open"' in content
    assert "is-selected" in content


def test_span_detail_shows_the_current_verdict_pressed(htmx_client, article, editor) -> None:
    span = span_over(article, FIRST_SENTENCE)
    VerdictFactory(span=span, reviewer=editor, label=Label.UNVERIFIED)

    content = htmx_client.get(detail_url(span)).content.decode()

    assert (
        'value="unverified" class="verdict-button verdict-button--unverified" '
        'aria-pressed="true"' in content
    )
    assert content.count('aria-pressed="true"') == 1


def test_span_detail_lists_every_claim_covering_the_clicked_point(htmx_client, article) -> None:
    outer = span_over(article, FIRST_SENTENCE)
    inner = span_over(article, "unemployment fell")
    elsewhere = span_over(article, "Officials denied it.")

    response = htmx_client.get(detail_url(inner), {"at": article.text.index("fell")})

    assert [mark.id for mark, _, _ in response.context["claims_here"]] == [outer.pk, inner.pk]
    content = response.content.decode()
    assert "2 claims overlap here" in content
    assert f"{reverse('annotations:span-detail', args=[outer.pk])}?at=" in content
    assert f"/spans/{elsewhere.pk}/" not in content


def test_span_detail_shows_both_ends_of_long_overlapping_quotes(htmx_client, article) -> None:
    outer = span_over(
        article, "Critics said the figure ignores part-time workers. Officials denied it."
    )
    span_over(article, "Critics said")

    response = htmx_client.get(detail_url(outer), {"at": article.text.index("Critics")})

    quotes = [quote for _, quote, _ in response.context["claims_here"]]
    assert quotes == ["Critics said the figure … Officials denied it.", "Critics said"]


def test_span_detail_refuses_a_bad_point(htmx_client, article) -> None:
    span = span_over(article, FIRST_SENTENCE)

    response = htmx_client.get(detail_url(span), {"at": "middle"})

    assert response.status_code == 400
    assert "Enter a whole number." in response.content.decode()


def test_span_detail_shows_the_final_verdict_and_moderation(htmx_client, article, moderator):
    span = span_over(
        article,
        FIRST_SENTENCE,
        final_label=Label.DISPUTED,
        state=Span.State.APPROVED,
        moderated_by=moderator,
        moderation_note="The office revised it to 4.4.",
    )

    content = htmx_client.get(detail_url(span)).content.decode()

    assert "Final verdict" in content
    assert "The office revised it to 4.4." in content


def test_span_detail_is_read_only_for_a_user_without_a_role(outsider, article) -> None:
    span = span_over(article, FIRST_SENTENCE)

    content = signed_in_client(outsider).get(detail_url(span)).content.decode()

    assert 'id="verdict-form"' not in content
    assert "Delete claim" not in content


def test_span_detail_of_a_missing_span_is_404(htmx_client) -> None:
    assert htmx_client.get(reverse("annotations:span-detail", args=[999_999])).status_code == 404


def test_the_panel_shows_which_website_each_evidence_link_leads_to(editor_client, article, editor):
    span = span_over(article, "Critics said")
    verdict = VerdictFactory(span=span, reviewer=editor, label=Label.SUPPORTED)
    EvidenceFactory(verdict=verdict, url="https://www.stats.example/table-1", title="Table 1")

    page = editor_client.get(detail_url(span)).content.decode()

    assert '<span class="evidence__site">stats.example</span>' in page


def test_a_long_quote_says_that_it_goes_on(editor_client, article):
    text = "word " * 200
    long_article = ArticleFactory(text=text.strip(), created_by=article.created_by)
    span = SpanFactory(article=long_article, start=0, end=400)

    page = editor_client.get(reverse("annotations:span-detail", args=[span.pk])).content.decode()

    assert "The quote goes on: 400 characters in all" in page
    assert 'tabindex="0" aria-describedby="claim-quote-length"' in page


def test_a_short_quote_needs_no_note(editor_client, article):
    span = SpanFactory(article=article, start=0, end=20)

    page = editor_client.get(reverse("annotations:span-detail", args=[span.pk])).content.decode()

    assert "The quote goes on" not in page
