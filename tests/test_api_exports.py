"""/api/exports/: streamed JSONL, CSV, W3C Web Annotation and ClaimReview downloads."""

import csv
import io
import json
import tracemalloc

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from annotations import exports
from annotations.api import export_views
from annotations.models import Label, Span, Verdict
from tests.factories import (
    ArticleFactory,
    EditorFactory,
    EvidenceFactory,
    SpanFactory,
    VerdictFactory,
)
from tests.helpers import streamed

pytestmark = pytest.mark.django_db

SPANS_JSONL = reverse("api:export-spans")
VERDICTS_CSV = reverse("api:export-verdicts")
ANNOTATIONS = reverse("api:export-annotations")
CLAIM_REVIEWS = reverse("api:export-claimreviews")
EXPORTS = [SPANS_JSONL, VERDICTS_CSV, ANNOTATIONS, CLAIM_REVIEWS]


def jsonl_records(response) -> list[dict]:
    return [json.loads(line) for line in streamed(response).splitlines()]


def csv_rows(response) -> list[dict]:
    text = streamed(response)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def judged(article, editor, second_editor):
    """A span with two verdicts (one with evidence), settled by a moderator as disputed."""
    span = SpanFactory(
        article=article,
        start=4,
        end=12,
        claim="The minister said it",
        state=Span.State.APPROVED,
        final_label=Label.DISPUTED,
        moderated_at=timezone.now(),
    )
    first = VerdictFactory(span=span, reviewer=editor, label=Label.DISPUTED)
    EvidenceFactory(verdict=first, url="https://stats.example/march")
    VerdictFactory(span=span, reviewer=second_editor, label=Label.SUPPORTED, rationale="")
    return span


def add_verdicts(count: int) -> None:
    """`count` settled spans with a verdict each, stored in bulk so large sizes stay quick."""
    article = ArticleFactory()
    reviewer = EditorFactory()
    length = len(article.text)
    ranges = [(start, end) for start in range(length) for end in range(start + 1, length + 1)]
    spans = Span.objects.bulk_create(
        SpanFactory.build(
            article=article,
            start=start,
            end=end,
            created_by=reviewer,
            state=Span.State.APPROVED,
            final_label=Label.SUPPORTED,
            moderated_at=timezone.now(),
        )
        for start, end in ranges[:count]
    )
    Verdict.objects.bulk_create(
        VerdictFactory.build(span=span, reviewer=reviewer) for span in spans
    )


@pytest.mark.parametrize("url", EXPORTS)
def test_every_export_is_a_streaming_download(api_client, judged, url):
    response = api_client.get(url)

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"].startswith("attachment; filename=")


@pytest.mark.parametrize("url", EXPORTS)
def test_every_export_rejects_unknown_parameters(api_client, url):
    response = api_client.get(url, {"created_by__password__startswith": "x"})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_errors_are_json_whatever_the_accept_header(api_client):
    response = api_client.get(VERDICTS_CSV, {"label": "maybe"}, headers={"Accept": "text/csv"})

    assert response.status_code == 400
    assert "label" in response.json()


def test_jsonl_has_article_records_then_spans_with_verdicts_and_final_verdict(
    api_client, article, judged
):
    response = api_client.get(SPANS_JSONL)

    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    article_record, span_record = jsonl_records(response)
    assert article_record["type"] == "article"
    assert (article_record["id"], article_record["text"]) == (article.pk, article.text)
    assert span_record["type"] == "span"
    assert (span_record["article"], span_record["start"], span_record["end"]) == (
        article.pk,
        4,
        12,
    )
    assert span_record["quote"] == "minister"
    assert span_record["final_label"] == "disputed"
    assert [v["reviewer"] for v in span_record["verdicts"]] == ["editor", "second_editor"]
    assert span_record["verdicts"][0]["evidence"][0]["url"] == "https://stats.example/march"


def test_jsonl_is_filtered_like_the_span_list(api_client, judged):
    other = SpanFactory()

    records = jsonl_records(api_client.get(SPANS_JSONL, {"article": other.article_id}))

    assert [(record["type"], record["id"]) for record in records] == [
        ("article", other.article_id),
        ("span", other.pk),
    ]


def test_unfiltered_jsonl_includes_articles_without_spans(api_client, article):
    records = jsonl_records(api_client.get(SPANS_JSONL))

    assert [(record["type"], record["id"]) for record in records] == [("article", article.pk)]


def test_csv_has_one_row_per_verdict_matching_the_stored_verdicts(api_client, judged):
    rows = csv_rows(api_client.get(VERDICTS_CSV))

    stored = Verdict.objects.order_by("id")
    assert [row["verdict_id"] for row in rows] == [str(verdict.pk) for verdict in stored]
    assert [(row["reviewer"], row["label"]) for row in rows] == [
        ("editor", "disputed"),
        ("second_editor", "supported"),
    ]
    assert rows[0]["quote"] == "minister"
    assert rows[0]["evidence_urls"] == "https://stats.example/march"
    assert rows[0]["final_label"] == "disputed"


def test_csv_neutralises_formulas_from_stored_text(api_client):
    VerdictFactory(rationale='=HYPERLINK("https://evil.example")')

    rows = csv_rows(api_client.get(VERDICTS_CSV))

    assert rows[0]["rationale"] == '\'=HYPERLINK("https://evil.example")'


def test_csv_is_filtered_like_the_verdict_list(api_client, judged):
    rows = csv_rows(api_client.get(VERDICTS_CSV, {"reviewer": "second_editor"}))

    assert [row["reviewer"] for row in rows] == ["second_editor"]


def test_web_annotations_are_one_json_ld_collection_with_code_point_selectors(api_client, editor):
    article = ArticleFactory(text="Emoji 😀 claims here.")
    span = SpanFactory(article=article, start=8, end=14)
    verdict = VerdictFactory(span=span, reviewer=editor, label=Label.UNVERIFIED)

    response = api_client.get(ANNOTATIONS)

    assert response["Content-Type"].startswith("application/ld+json")
    document = json.loads(streamed(response))
    assert document["type"] == "AnnotationCollection"
    (annotation,) = document["first"]["items"]
    assert annotation["id"] == f"http://testserver/api/verdicts/{verdict.pk}/"
    assert annotation["target"]["source"] == f"http://testserver/api/articles/{article.pk}/"
    quote, position = annotation["target"]["selector"]
    assert (quote["exact"], quote["prefix"]) == ("claims", "Emoji 😀 ")
    assert (position["start"], position["end"]) == (8, 14)
    assert annotation["body"][0] == {
        "type": "TextualBody",
        "purpose": "assessing",
        "value": "unverified",
        "format": "text/plain",
    }


# Each count includes two reads for blind review: the user's roles, and whether any article
# is under blind review (annotations.blind.hides_anything). JSONL reads the links last.
@pytest.mark.parametrize(
    ("url", "queries"),
    [(SPANS_JSONL, 9), (VERDICTS_CSV, 5), (ANNOTATIONS, 5)],
)
def test_export_query_count_does_not_grow_with_rows(
    api_client, django_assert_num_queries, url, queries
):
    add_verdicts(5)
    with django_assert_num_queries(queries):
        small = streamed(api_client.get(url))
    add_verdicts(50)

    with django_assert_num_queries(queries):
        large = streamed(api_client.get(url))

    assert len(large) > 5 * len(small)


def _peak_memory_of_export(client, url: str) -> int:
    tracemalloc.start()
    for _chunk in client.get(url).streaming_content:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


@pytest.mark.parametrize("url", [SPANS_JSONL, VERDICTS_CSV])
def test_export_memory_does_not_grow_with_rows(api_client, monkeypatch, url):
    # Batches smaller than the small export, so both exports stream in several of them.
    monkeypatch.setattr(export_views, "CHUNK_SIZE", 50)
    monkeypatch.setattr(exports, "CSV_BATCH_ROWS", 50)
    add_verdicts(300)
    small = _peak_memory_of_export(api_client, url)
    add_verdicts(2700)

    large = _peak_memory_of_export(api_client, url)

    assert large < small * 1.5, (small, large)
