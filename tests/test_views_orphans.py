"""The reader's "Orphaned claims": the list, re-attaching a claim to selected words, dismissing."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import Span, Verdict
from tests.factories import VerdictFactory
from tests.helpers import (
    CRITICS,
    FIRST_SENTENCE,
    REWORDED,
    orphaned_span,
    signed_in_client,
    span_over,
)

pytestmark = pytest.mark.django_db


def reader_url(span: Span) -> str:
    return reverse("annotations:article-detail", args=[span.article_id])


def reattach(client, span: Span, words: str, **overrides):
    start = span.article.text.index(words)
    data = {"start": start, "end": start + len(words), "quote": words, **overrides}
    return client.post(reverse("annotations:span-reattach", args=[span.pk]), data)


def dismiss(client, span: Span, **headers):
    return client.post(reverse("annotations:span-dismiss", args=[span.pk]), headers=headers)


# The list in the reader


def test_reader_lists_an_orphaned_claim_with_its_old_quote_and_verdicts(
    editor, editor_client, article
):
    span = orphaned_span(article, editor, created_by=editor)
    VerdictFactory.create_batch(2, span=span)

    response = editor_client.get(reader_url(span))

    [item] = response.context["orphaned_claims"]
    assert (item["span"], item["verdict_count"]) == (span, 2)
    assert f'id="orphan-{span.pk}"' in response.text
    assert CRITICS in response.text
    assert "2 verdicts" in response.text


def test_the_editor_who_may_change_the_claim_gets_re_attach_and_dismiss(
    editor, editor_client, article
):
    span = orphaned_span(article, editor, created_by=editor)

    response = editor_client.get(reader_url(span))

    assert reverse("annotations:span-reattach", args=[span.pk]) in response.text
    assert reverse("annotations:span-dismiss", args=[span.pk]) in response.text


def test_other_editors_see_the_list_read_only(editor, second_editor, article):
    span = orphaned_span(article, editor, created_by=editor)

    response = signed_in_client(second_editor, htmx=False).get(reader_url(span))

    assert CRITICS in response.text
    assert reverse("annotations:span-reattach", args=[span.pk]) not in response.text
    assert reverse("annotations:span-dismiss", args=[span.pk]) not in response.text


def test_moderators_get_the_actions_on_anyones_claim(editor, moderator_client, article):
    span = orphaned_span(article, editor, created_by=editor)
    VerdictFactory(span=span)

    response = moderator_client.get(reader_url(span))

    assert reverse("annotations:span-reattach", args=[span.pk]) in response.text


def reader_queries(client, article) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("annotations:article-detail", args=[article.pk]))
    assert response.status_code == 200
    return len(queries)


def orphan_with_a_verdict(article, editor) -> Span:
    """One more orphaned claim judged once; the article's text then holds CRITICS again."""
    span = orphaned_span(article, editor, created_by=editor)
    VerdictFactory(span=span)
    article.text = article.text.replace(REWORDED, CRITICS)
    article.save()
    return span


def test_the_orphan_list_costs_the_same_few_queries_for_one_claim_or_many(
    editor, editor_client, article
):
    span_over(article, FIRST_SENTENCE)
    without = reader_queries(editor_client, article)
    orphan_with_a_verdict(article, editor)
    one = reader_queries(editor_client, article)
    for _ in range(3):
        orphan_with_a_verdict(article, editor)

    many = reader_queries(editor_client, article)

    # The orphaned claims, their highlighters, verdicts and the verdicts' evidence; nothing
    # at all for an article without orphans (the legend's query counts them).
    assert one == many <= without + 4


# Re-attaching


def test_re_attach_answers_with_the_claims_panel_and_redraws_the_reader(
    editor, htmx_client, article
):
    span = orphaned_span(article, editor, created_by=editor)

    response = reattach(htmx_client, span, REWORDED)

    assert response.status_code == 200
    html = response.text
    assert re.search(rf'id="claim-panel"[^>]* data-span="{span.pk}"', html)
    assert f'data-span="{span.pk}"' in html.split('id="paragraph-', 1)[1]
    assert '<section id="orphaned-claims"' in html
    assert f'id="orphan-{span.pk}"' not in html
    span.refresh_from_db()
    assert (span.quote, span.is_orphaned) == (REWORDED, False)


def test_re_attach_without_htmx_goes_to_the_claims_page(editor, editor_client, article):
    span = orphaned_span(article, editor, created_by=editor)

    response = reattach(editor_client, span, REWORDED)

    assert response.status_code == 302
    assert response.url == reverse("annotations:span-detail", args=[span.pk])


def test_re_attach_to_offsets_beyond_the_text_is_a_400(editor, htmx_client, article):
    span = orphaned_span(article, editor, created_by=editor)

    response = reattach(htmx_client, span, REWORDED, end=len(article.text) + 5)

    assert response.status_code == 400
    assert "Could not re-attach this claim" in response.text
    assert response.headers["HX-Retarget"] == "#reader-message"
    span.refresh_from_db()
    assert span.is_orphaned


def test_re_attach_with_a_quote_that_does_not_match_is_a_400(editor, htmx_client, article):
    span = orphaned_span(article, editor, created_by=editor)

    response = reattach(htmx_client, span, REWORDED, quote="Not the words at these offsets!")

    assert response.status_code == 400
    assert "Does not match the article" in response.text


def test_re_attach_to_words_another_claim_holds_is_a_400_saying_so(editor, htmx_client, article):
    span = orphaned_span(article, editor, created_by=editor)
    span_over(article, REWORDED, created_by=editor)

    response = reattach(htmx_client, span, REWORDED)

    assert response.status_code == 400
    assert "Another claim already highlights exactly these words" in response.text
    span.refresh_from_db()
    assert span.is_orphaned


def test_re_attach_is_refused_to_an_editor_who_may_not_change_the_claim(
    editor, second_editor, article
):
    span = orphaned_span(article, editor, created_by=editor)

    response = reattach(signed_in_client(second_editor), span, REWORDED)

    assert response.status_code == 403
    span.refresh_from_db()
    assert span.is_orphaned


def test_re_attach_is_refused_to_a_user_without_a_role(editor, outsider, article):
    span = orphaned_span(article, editor, created_by=editor)

    response = reattach(signed_in_client(outsider), span, REWORDED)

    assert response.status_code == 403


def test_re_attach_query_count(editor, htmx_client, article, django_assert_max_num_queries):
    span = orphaned_span(article, editor, created_by=editor)
    VerdictFactory(span=span, reviewer=editor)
    span.article = article

    # Session, user, roles; the claim; the locks (article, claim); who may change it (2);
    # the write and its history (in savepoints) and the change log's row; the panel (4) and
    # its discussion (1); the legend and paragraphs; the orphaned claims (1, none left).
    with django_assert_max_num_queries(22):
        response = reattach(htmx_client, span, REWORDED)

    assert response.status_code == 200


# Dismissing


def test_dismiss_deletes_the_claim_and_redraws_the_list_and_legend(editor, htmx_client, article):
    span = orphaned_span(article, editor, created_by=editor)
    VerdictFactory(span=span, reviewer=editor)

    response = dismiss(htmx_client, span)

    assert response.status_code == 200
    assert response.text.startswith('\n  <section id="orphaned-claims"')
    assert f'id="orphan-{span.pk}"' not in response.text
    assert 'id="claim-legend"' in response.text
    assert not Span.objects.filter(pk=span.pk).exists()
    assert not Verdict.objects.exists()


def test_dismiss_closes_the_panel_when_it_showed_that_claim(editor, htmx_client, article):
    span = orphaned_span(article, editor, created_by=editor)
    claim_page = reverse("annotations:span-detail", args=[span.pk])

    response = dismiss(htmx_client, span, HX_Current_URL=f"http://testserver{claim_page}")

    assert re.search(
        r'id="claim-panel" class="claim-panel"[^>]* hx-swap-oob="true"', response.text
    )
    assert response.headers["HX-Replace-Url"] == reader_url(span)


def test_dismiss_without_htmx_goes_back_to_the_reader(editor, editor_client, article):
    span = orphaned_span(article, editor, created_by=editor)

    response = dismiss(editor_client, span)

    assert response.status_code == 302
    assert response.url == reader_url(span)


def test_dismiss_is_refused_to_an_editor_who_may_not_delete_the_claim(
    editor, second_editor, article
):
    span = orphaned_span(article, editor, created_by=editor)

    response = dismiss(signed_in_client(second_editor), span)

    assert response.status_code == 403
    assert Span.objects.filter(pk=span.pk).exists()


def test_dismissing_a_claim_in_the_text_is_a_400(editor, htmx_client, article):
    span = span_over(article, FIRST_SENTENCE, created_by=editor)

    response = dismiss(htmx_client, span)

    assert response.status_code == 400
    assert Span.objects.filter(pk=span.pk).exists()
