"""Tests for the reader page: the article with its highlights, the legend and its filter."""

import pytest
from django.urls import reverse

from annotations.models import Article, Label
from tests.factories import ArticleFactory, VerdictFactory
from tests.helpers import span_over

pytestmark = pytest.mark.django_db


def detail_url(article: Article) -> str:
    return reverse("annotations:article-detail", args=[article.pk])


def test_anonymous_visitor_is_sent_to_sign_in(client, article) -> None:
    response = client.get(detail_url(article))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_reader_shows_the_article_metadata(editor_client, editor) -> None:
    article = ArticleFactory(
        title="Jobless rate falls", source="Daily Ledger", byline="A. Writer", created_by=editor
    )

    response = editor_client.get(detail_url(article))

    assert response.status_code == 200
    assert response.templates[0].name == "annotations/article_detail.html"
    content = response.content.decode()
    assert "Jobless rate falls" in content
    assert "Daily Ledger" in content
    assert "By A. Writer" in content


def test_reader_keeps_paragraphs(editor_client, article) -> None:
    response = editor_client.get(detail_url(article))

    assert response.content.decode().count('class="article-paragraph"') == 3


def test_reader_highlights_a_span_with_its_state(editor_client, article, second_editor) -> None:
    span = span_over(article, "Officials denied it.")
    VerdictFactory(span=span, reviewer=second_editor, label=Label.DISPUTED)

    response = editor_client.get(detail_url(article))

    assert f'class="hl hl--disputed hl--lane-0 hl--first" id="span-{span.pk}"' in (
        response.content.decode()
    )


def test_reader_shows_the_moderators_final_verdict_over_the_reviewers(
    editor_client, article, second_editor
) -> None:
    span = span_over(article, "Officials denied it.", final_label=Label.SUPPORTED)
    VerdictFactory(span=span, reviewer=second_editor, label=Label.DISPUTED)

    response = editor_client.get(detail_url(article))

    classes = "hl hl--supported hl--lane-0 hl--settled hl--first"
    assert f'class="{classes}" id="span-{span.pk}"' in response.content.decode()


def test_reader_marks_split_and_unjudged_spans(editor_client, article, editor, second_editor):
    split = span_over(article, "The minister said")
    VerdictFactory(span=split, reviewer=editor, label=Label.SUPPORTED)
    VerdictFactory(span=split, reviewer=second_editor, label=Label.DISPUTED)
    unjudged = span_over(article, "Officials denied it.")

    content = editor_client.get(detail_url(article)).content.decode()

    assert f'hl--split hl--lane-0 hl--first" id="span-{split.pk}"' in content
    assert f'hl--none hl--lane-0 hl--first" id="span-{unjudged.pk}"' in content


def test_reader_legend_counts_claims_by_state(editor_client, article, second_editor) -> None:
    for quote in ["The minister said", "Officials denied it."]:
        VerdictFactory(span=span_over(article, quote), reviewer=second_editor, label="disputed")
    span_over(article, "Critics said")

    response = editor_client.get(detail_url(article))

    assert [(state, count) for state, _, count, _ in response.context["legend"]] == [
        ("supported", 0),
        ("disputed", 2),
        ("unverified", 0),
        ("split", 0),
        ("none", 1),
    ]
    assert response.context["claim_count"] == 3


def test_reader_counts_orphaned_claims_apart_and_does_not_highlight_them(
    editor_client, article, second_editor
) -> None:
    orphan = span_over(article, "Officials denied it.", is_orphaned=True)
    VerdictFactory(span=orphan, reviewer=second_editor, label=Label.DISPUTED)
    span_over(article, "Critics said")

    response = editor_client.get(detail_url(article))

    assert response.context["orphaned_count"] == 1
    assert response.context["claim_count"] == 1
    assert ("disputed", "Disputed", 0, 0) in response.context["legend"]
    content = response.content.decode()
    assert f'data-span="{orphan.pk}"' not in content
    assert "1 claim could not be found again" in content


def test_reader_legend_counts_a_split_claim_once(editor_client, article, editor, second_editor):
    split = span_over(article, "The minister said")
    VerdictFactory(span=split, reviewer=editor, label=Label.SUPPORTED)
    VerdictFactory(span=split, reviewer=second_editor, label=Label.DISPUTED)

    response = editor_client.get(detail_url(article))

    assert ("split", "Split", 1, 0) in response.context["legend"]
    assert response.context["claim_count"] == 1


def test_reader_filter_shows_only_spans_of_one_state(editor_client, article, second_editor):
    disputed = span_over(article, "Officials denied it.")
    VerdictFactory(span=disputed, reviewer=second_editor, label=Label.DISPUTED)
    unjudged = span_over(article, "The minister said")

    response = editor_client.get(detail_url(article), {"shown": "disputed"})

    content = response.content.decode()
    assert f'data-span="{disputed.pk}"' in content
    assert f'data-span="{unjudged.pk}"' not in content
    assert response.context["claim_count"] == 2


def test_reader_filter_over_htmx_returns_the_text_and_legend(article, htmx_client) -> None:
    span_over(article, "Officials denied it.")

    response = htmx_client.get(
        detail_url(article), {"shown": "none"}, headers={"HX-Target": "article-text"}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="article-text"')
    assert (
        '<nav id="claim-legend" class="legend" aria-label="Show claims by verdict" '
        'hx-swap-oob="true">' in content
    )
    assert "<html" not in content


def test_reader_sends_an_old_state_filter_link_to_the_shown_filter(editor_client, article):
    response = editor_client.get(detail_url(article), {"state": "disputed", "page": "2"})

    assert response.status_code == 301
    assert response.url == f"{detail_url(article)}?page=2&shown=disputed"
    assert editor_client.get(response.url).context["shown_state"] == "disputed"


def test_reader_legend_links_filter_with_shown(editor_client, article) -> None:
    content = editor_client.get(detail_url(article)).content.decode()

    assert f'href="{detail_url(article)}?shown=disputed"' in content
    assert "?state=" not in content


def test_reader_refuses_an_unknown_filter_state(editor_client, article) -> None:
    response = editor_client.get(detail_url(article), {"shown": "bogus"})

    assert response.status_code == 400
    assert "“bogus” is not a verdict state to filter by." in response.content.decode()


def test_reader_escapes_hostile_article_text(editor_client, editor) -> None:
    article = ArticleFactory(
        text="Before <script>alert(1)</script> and <img src=x onerror=alert(1)> after.",
        title="<b>Bold</b> title",
        created_by=editor,
    )
    span_over(article, "<script>alert(1)</script>")

    content = editor_client.get(detail_url(article)).content.decode()

    assert "<script>alert(1)" not in content
    assert "<img src=x" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "&lt;img src=x onerror=alert(1)&gt;" in content
    assert "<b>Bold</b>" not in content


def test_reader_lets_a_signed_in_user_without_a_role_read(client, outsider, article) -> None:
    client.force_login(outsider)
    span_over(article, "Officials denied it.")

    response = client.get(detail_url(article))

    assert response.status_code == 200
    assert 'id="span-create-form"' not in response.content.decode()


def test_reader_offers_the_claim_form_to_editors(editor_client, article) -> None:
    response = editor_client.get(detail_url(article))

    assert 'id="span-create-form"' in response.content.decode()


def test_reader_of_a_missing_article_is_404(editor_client) -> None:
    response = editor_client.get(reverse("annotations:article-detail", args=[999_999]))

    assert response.status_code == 404


def test_reader_loads_its_script_with_the_csp_nonce(editor_client, article) -> None:
    response = editor_client.get(detail_url(article))

    nonce = response.context["csp_nonce"]
    assert f'reader.js" defer nonce="{nonce}"' in response.content.decode()
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_reader_marks_settled_claims_apart_and_the_legend_counts_them(
    editor_client, article, second_editor
) -> None:
    span_over(article, "Officials denied it.", final_label=Label.SUPPORTED)
    agreed = span_over(article, "Critics said")
    VerdictFactory(span=agreed, reviewer=second_editor, label=Label.SUPPORTED)

    response = editor_client.get(detail_url(article))

    page = response.content.decode()
    assert ("supported", "Supported", 2, 1) in response.context["legend"]
    assert page.count('hl--settled hl--first" id="span-') == 1
    assert 'title="Supported: final verdict"' in page
    assert "1 claim with a moderator's final verdict" in page
