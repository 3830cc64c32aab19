"""Tests for the reader's claim endpoints: mark a claim, edit its details, delete it."""

import pytest
from django.test import Client
from django.urls import reverse

from annotations.models import Span
from tests.factories import ArticleFactory, SpanFactory, VerdictFactory
from tests.helpers import FIRST_SENTENCE, signed_in_client, span_over

pytestmark = pytest.mark.django_db


def create_url(article) -> str:
    return reverse("annotations:span-create", args=[article.pk])


def detail_url(span) -> str:
    return reverse("annotations:span-detail", args=[span.pk])


def selection(text: str, quote: str) -> dict:
    start = text.index(quote)
    return {"start": start, "end": start + len(quote), "quote": quote}


# Marking a claim


def test_span_create_stores_the_selection_and_returns_its_panel(htmx_client, article, editor):
    response = htmx_client.post(create_url(article), selection(article.text, FIRST_SENTENCE))

    span = Span.objects.get(article=article)
    assert response.status_code == 201
    assert (span.start, span.end, span.quote, span.created_by) == (0, 60, FIRST_SENTENCE, editor)
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="claim-panel" class="claim-panel is-open"')
    assert f'data-span="{span.pk}"' in content
    assert '<p class="article-paragraph" id="paragraph-0" hx-swap-oob="true"' in content
    assert (
        '<nav id="claim-legend" class="legend" aria-label="Show claims by verdict" '
        'hx-swap-oob="true">' in content
    )


def test_span_create_redraws_the_text_with_the_new_highlight(htmx_client, article) -> None:
    response = htmx_client.post(create_url(article), selection(article.text, "Critics said"))

    span = Span.objects.get(article=article)
    assert f'id="span-{span.pk}" data-span="{span.pk}"' in response.content.decode()
    assert response.context["claim_count"] == 1


def test_span_create_without_htmx_redirects_to_the_claim(editor_client, article) -> None:
    response = editor_client.post(create_url(article), selection(article.text, FIRST_SENTENCE))

    span = Span.objects.get(article=article)
    assert response.status_code == 302
    assert response.url == detail_url(span)


def test_span_create_after_emoji_stores_code_point_offsets(htmx_client, editor) -> None:
    article = ArticleFactory(text="Fans 😀🎉 cheered. The 👩‍👩‍👧 team won 3-1.", created_by=editor)

    response = htmx_client.post(create_url(article), selection(article.text, "team won 3-1"))

    span = Span.objects.get(article=article)
    assert response.status_code == 201
    assert (span.start, span.quote) == (article.text.index("team"), "team won 3-1")


def test_span_create_across_paragraphs_keeps_the_blank_line(htmx_client, article) -> None:
    quote = "in March.\n\nCritics said"

    htmx_client.post(create_url(article), selection(article.text, quote))

    assert Span.objects.get(article=article).quote == quote


def test_span_create_by_a_second_editor_joins_the_same_span(article, second_editor) -> None:
    existing = span_over(article, FIRST_SENTENCE)

    response = signed_in_client(second_editor).post(
        create_url(article), selection(article.text, FIRST_SENTENCE)
    )

    assert response.status_code == 201
    assert Span.objects.get(article=article) == existing
    assert set(existing.highlighters.all()) == {existing.created_by, second_editor}


def test_span_create_refuses_whitespace_only(htmx_client, article) -> None:
    response = htmx_client.post(create_url(article), {"start": 60, "end": 62, "quote": "\n\n"})

    assert response.status_code == 400
    assert response["HX-Retarget"] == "#reader-message"
    assert "The selection is only whitespace." in response.content.decode()
    assert not Span.objects.exists()


def test_span_create_refuses_a_quote_that_differs_from_the_text(htmx_client, article) -> None:
    response = htmx_client.post(create_url(article), {"start": 0, "end": 3, "quote": "Thx"})

    assert response.status_code == 400
    assert "Quote: Does not match the article&#x27;s text" in response.content.decode()
    assert not Span.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": -1, "end": 3, "quote": "The"}, "greater than or equal to 0"),
        ({"start": 5, "end": 5, "quote": ""}, "This field is required."),
        ({"start": 5, "end": 3, "quote": "xx"}, "Must be greater than start."),
        ({"start": 0, "end": 99_999, "quote": "x"}, "Must be at most"),
        ({"start": "ten", "end": 3, "quote": "The"}, "Enter a whole number."),
        ({"start": 0, "end": 10**30, "quote": "x"}, "less than or equal to"),
    ],
)
def test_span_create_refuses_bad_offsets(htmx_client, article, data, message) -> None:
    response = htmx_client.post(create_url(article), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Span.objects.exists()


def test_span_create_refuses_a_closed_article(htmx_client, editor) -> None:
    article = ArticleFactory(status="closed", created_by=editor)

    response = htmx_client.post(create_url(article), selection(article.text, FIRST_SENTENCE))

    assert response.status_code == 400
    assert "This article is closed to new claims." in response.content.decode()
    assert not Span.objects.exists()


def test_span_create_bad_input_without_htmx_shows_the_page(editor_client, article) -> None:
    response = editor_client.post(create_url(article), {"start": 60, "end": 62, "quote": "\n\n"})

    assert response.status_code == 400
    assert "<html" in response.content.decode()
    assert "The selection is only whitespace." in response.content.decode()


def test_span_create_refuses_a_user_without_a_role(outsider, article) -> None:
    response = signed_in_client(outsider).post(
        create_url(article), selection(article.text, "March")
    )

    assert response.status_code == 403
    assert "Only editors and moderators can annotate." in response.content.decode()
    assert not Span.objects.exists()


def test_span_create_sends_anonymous_visitors_to_sign_in(client, article) -> None:
    response = client.post(create_url(article), selection(article.text, "March"))

    assert response.status_code == 302
    assert not Span.objects.exists()


def test_span_create_sends_an_expired_htmx_session_to_sign_in(article) -> None:
    page = reverse("annotations:article-detail", args=[article.pk])
    client = Client(headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{page}"})

    response = client.post(create_url(article), selection(article.text, "March"))

    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{reverse('login')}?next={page}"
    assert not Span.objects.exists()


def test_span_create_refuses_get(htmx_client, article) -> None:
    assert htmx_client.get(create_url(article)).status_code == 405


# Editing the claim's details


def test_span_update_saves_claim_and_speaker(htmx_client, article, editor) -> None:
    span = span_over(article, FIRST_SENTENCE, created_by=editor)

    response = htmx_client.post(
        reverse("annotations:span-update", args=[span.pk]),
        {"claim": "Unemployment was 4.2% in March.", "speaker": "The minister"},
    )

    span.refresh_from_db()
    assert response.status_code == 200
    assert (span.claim, span.speaker) == ("Unemployment was 4.2% in March.", "The minister")


def test_span_update_refuses_an_editor_who_did_not_highlight_it(article, second_editor):
    span = span_over(article, FIRST_SENTENCE)

    response = signed_in_client(second_editor).post(
        reverse("annotations:span-update", args=[span.pk]), {"claim": "Mine now", "speaker": ""}
    )

    span.refresh_from_db()
    assert response.status_code == 403
    assert "Only a moderator, or the editor who alone highlighted" in response.content.decode()
    assert "hx-swap-oob" not in response.content.decode()
    assert span.claim == ""


def test_span_update_lets_a_moderator_edit_anyones_claim(moderator, article) -> None:
    span = span_over(article, FIRST_SENTENCE)

    response = signed_in_client(moderator).post(
        reverse("annotations:span-update", args=[span.pk]), {"claim": "Edited", "speaker": ""}
    )

    span.refresh_from_db()
    assert response.status_code == 200
    assert span.claim == "Edited"


def test_span_update_shows_a_too_long_speaker_in_the_panel(htmx_client, article, editor):
    span = span_over(article, FIRST_SENTENCE, created_by=editor)

    response = htmx_client.post(
        reverse("annotations:span-update", args=[span.pk]), {"claim": "", "speaker": "x" * 201}
    )

    span.refresh_from_db()
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()
    assert span.speaker == ""


def test_span_update_refuses_a_control_character(htmx_client, article, editor) -> None:
    span = span_over(article, FIRST_SENTENCE, created_by=editor)

    response = htmx_client.post(
        reverse("annotations:span-update", args=[span.pk]), {"claim": "a\x07b", "speaker": ""}
    )

    span.refresh_from_db()
    assert response.status_code == 400
    assert "control character U+0007" in response.content.decode()
    assert span.claim == ""


# Deleting a claim


def test_span_delete_removes_the_claim_and_empties_the_panel(htmx_client, article, editor):
    span = span_over(article, FIRST_SENTENCE, created_by=editor)

    response = htmx_client.post(reverse("annotations:span-delete", args=[span.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert not Span.objects.filter(pk=span.pk).exists()
    assert "No claim selected" in content
    assert f'data-span="{span.pk}"' not in content


def test_span_delete_without_htmx_redirects_to_the_article(editor_client, article, editor):
    span = span_over(article, FIRST_SENTENCE, created_by=editor)

    response = editor_client.post(reverse("annotations:span-delete", args=[span.pk]))

    assert response.status_code == 302
    assert response.url == reverse("annotations:article-detail", args=[article.pk])


def test_span_delete_refuses_once_someone_else_judged_it(htmx_client, article, editor, moderator):
    span = span_over(article, FIRST_SENTENCE, created_by=editor)
    VerdictFactory(span=span, reviewer=moderator)

    response = htmx_client.post(reverse("annotations:span-delete", args=[span.pk]))

    assert response.status_code == 403
    assert Span.objects.filter(pk=span.pk).exists()


def test_span_delete_refuses_a_user_without_a_role(outsider, article) -> None:
    span = span_over(article, FIRST_SENTENCE)

    response = signed_in_client(outsider, htmx=False).post(
        reverse("annotations:span-delete", args=[span.pk])
    )

    assert response.status_code == 403
    assert Span.objects.filter(pk=span.pk).exists()


def test_span_delete_by_a_moderator(moderator, article, second_editor) -> None:
    span = span_over(article, FIRST_SENTENCE)
    VerdictFactory(span=span, reviewer=second_editor)

    response = signed_in_client(moderator).post(reverse("annotations:span-delete", args=[span.pk]))

    assert response.status_code == 200
    assert not Span.objects.filter(pk=span.pk).exists()


def test_span_panel_offers_delete_only_when_allowed(article, editor, second_editor) -> None:
    span = SpanFactory(article=article, created_by=editor)

    mine = signed_in_client(editor).get(detail_url(span)).content.decode()
    theirs = signed_in_client(second_editor).get(detail_url(span)).content.decode()

    assert "Delete claim" in mine
    assert "Delete claim" not in theirs
