"""Published fact checks in the JSONL export and import: a span record's `publication`."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from annotations.models import Article, Publication, Span
from annotations.services.imports import ImportRejected, import_jsonl
from tests.factories import ARTICLE_TEXT, ArticleFactory, SpanFactory
from tests.helpers import client_for, published_span, streamed

pytestmark = pytest.mark.django_db

IMPORTS = reverse("api:import")
SPANS_JSONL = reverse("api:export-spans")

ARTICLE = {"type": "article", "id": 7, "title": "Jobs report", "text": ARTICLE_TEXT}
PUBLICATION = {
    "explanation": "The office's March figure was 4.6 percent.",
    "evidence": [{"url": "https://stats.example/march", "title": "March"}],
    "slug": "unemployment-fell-to-4-2-percent",
    "published_at": "2026-03-04T12:00:00Z",
    "published_by": "maria",
    "created_at": "2026-03-03T09:00:00Z",
    "updated_at": "2026-03-04T12:00:00.250000Z",
}
VERDICT = {
    "label": "disputed",
    "evidence": [{"url": "https://stats.example/march", "title": "March"}],
}
SPAN = {
    "type": "span",
    "article": 7,
    "start": 4,
    "end": 12,
    "quote": "minister",
    "claim": "Unemployment fell to 4.2 percent.",
    "state": "approved",
    "final_label": "disputed",
    "verdicts": [VERDICT | {"reviewer": "alice"}],
    "publication": PUBLICATION,
}


def lines(*records) -> list[str]:
    return [json.dumps(record) for record in records]


def restore_problems(*records) -> list[tuple[int, str]]:
    with pytest.raises(ImportRejected) as error:
        import_jsonl(lines(*records))
    assert not Span.objects.exists()
    assert not Publication.objects.exists()
    return [(problem.line, problem.field) for problem in error.value.problems]


def post_jsonl(client, *records):
    body = "\n".join(lines(*records))
    return client.post(IMPORTS, body, content_type="application/jsonl")


def problem_fields(response) -> list[tuple[int, str]]:
    assert response.status_code == 400, response.content
    return [(problem["line"], problem["field"]) for problem in response.json()["problems"]]


def own_work(**changes) -> list[dict]:
    """The article and the settled, published claim as a moderator's import sends them."""
    claim = SPAN | {"article": "jobs", "verdicts": [VERDICT]}
    return [ARTICLE | {"ref": "jobs"}, claim | changes]


def export_records(client) -> list[dict]:
    return [json.loads(line) for line in streamed(client.get(SPANS_JSONL)).splitlines()]


def test_export_carries_the_publication_of_each_span(api_client, article, moderator):
    span = published_span(article, moderator)
    publication = Publication.objects.get()

    (record,) = [record for record in export_records(api_client) if record["type"] == "span"]

    assert record["id"] == span.pk
    assert record["publication"] == {
        "explanation": "The office's March figure was 4.6 percent.",
        "evidence": [{"url": "https://stats.example/0", "title": "Release 0"}],
        "slug": publication.slug,
        "published_at": publication.published_at.isoformat().replace("+00:00", "Z"),
        "published_by": "moderator",
        "created_at": publication.created_at.isoformat().replace("+00:00", "Z"),
        "updated_at": publication.updated_at.isoformat().replace("+00:00", "Z"),
    }


def test_export_hides_the_publication_of_a_claim_sealed_by_blind_review(api_client, moderator):
    published_span(ArticleFactory(blind_review=True), moderator)

    (record,) = [record for record in export_records(api_client) if record["type"] == "span"]

    assert (record["final_label"], record["publication"]) == (None, None)


def test_restore_stores_a_published_publication_exactly():
    import_jsonl(lines(ARTICLE, SPAN))

    publication = Publication.objects.get()
    assert publication.span == Span.objects.get()
    assert (publication.explanation, publication.evidence, publication.slug) == (
        PUBLICATION["explanation"],
        PUBLICATION["evidence"],
        PUBLICATION["slug"],
    )
    assert publication.published_by.username == "maria"
    assert [
        value.isoformat()
        for value in (publication.published_at, publication.created_at, publication.updated_at)
    ] == [
        "2026-03-04T12:00:00+00:00",
        "2026-03-03T09:00:00+00:00",
        "2026-03-04T12:00:00.250000+00:00",
    ]


def test_the_import_counts_the_publications_it_stored():
    summary = import_jsonl(lines(ARTICLE, SPAN))

    assert summary.as_json()["counts"]["publications"] == 1


def test_restore_keeps_an_unpublished_draft_unpublished():
    draft = PUBLICATION | {"published_at": None, "explanation": ""}

    import_jsonl(lines(ARTICLE, SPAN | {"publication": draft}))

    publication = Publication.objects.get()
    assert (publication.published_at, publication.explanation) == (None, "")


def test_restore_writes_a_history_row_for_the_publication():
    import_jsonl(lines(ARTICLE, SPAN), source="dump.jsonl")

    record = Publication.history.get()
    assert record.history_change_reason == "Imported from dump.jsonl"
    assert record.published_by.username == "maria"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"explanation": ""}, "publication.explanation"),
        ({"evidence": "https://stats.example/march"}, "publication.evidence"),
        ({"evidence": ["https://stats.example/march"]}, "publication.evidence[1]"),
        ({"evidence": [{"url": "not a url"}]}, "publication.evidence[1].url"),
        ({"evidence": [{"title": "March"}]}, "publication.evidence[1].url"),
        ({"colour": "red"}, "publication.colour"),
        ({"slug": "not a slug"}, "publication.slug"),
        ({"published_at": "noon"}, "publication.published_at"),
        ({"explanation": "a\x00b"}, "publication.explanation"),
    ],
)
def test_a_bad_publication_is_reported_with_its_line_and_nothing_is_stored(change, field):
    problems = restore_problems(ARTICLE, SPAN | {"publication": PUBLICATION | change})

    assert problems == [(2, field)]


def test_a_publication_must_be_an_object():
    assert restore_problems(ARTICLE, SPAN | {"publication": []}) == [(2, "publication")]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"state": "pending", "final_label": None}, "final_label"),
        ({"state": "rejected"}, "state"),
        ({"claim": ""}, "claim"),
    ],
)
def test_a_published_publication_needs_a_settled_restated_claim(change, field):
    assert restore_problems(ARTICLE, SPAN | change) == [(2, field)]


def test_an_unpublished_draft_needs_no_explanation_nor_settled_claim():
    draft = PUBLICATION | {"published_at": None, "explanation": ""}

    import_jsonl(
        lines(ARTICLE, SPAN | {"state": "pending", "final_label": None, "publication": draft})
    )

    assert Publication.objects.get().published_at is None


def test_an_editor_cannot_publish_by_import(api_client):
    draft = {"explanation": "Not settled by me."}
    records = own_work(state="pending", final_label=None, publication=draft)

    assert (2, "publication") in problem_fields(post_jsonl(api_client, *records))
    assert not Publication.objects.exists()


def test_a_moderator_publishes_by_import_as_their_own_now(moderator):
    records = own_work(publication=PUBLICATION | {"published_by": None, "slug": "mine"})

    before = timezone.now()

    response = post_jsonl(client_for(moderator), *records)

    assert response.status_code == 201, response.content
    publication = Publication.objects.get()
    assert publication.published_by == moderator
    assert publication.published_at >= before
    assert publication.slug == "unemployment-fell-to-4-2-percent"
    record = Publication.history.get()
    assert (record.history_user, record.history_change_reason) == (
        moderator,
        "Imported over the API",
    )


def test_a_moderators_import_shows_only_the_claims_own_evidence(moderator):
    links = [{"url": "https://elsewhere.example/", "title": "Elsewhere"}]
    records = own_work(publication=PUBLICATION | {"published_by": None, "evidence": links})

    response = post_jsonl(client_for(moderator), *records)

    assert problem_fields(response) == [(2, "publication.evidence[1].url")]
    assert not Publication.objects.exists()


def test_a_publication_of_a_stored_claim_is_refused(moderator):
    article = ArticleFactory(text=ARTICLE_TEXT)
    SpanFactory(article=article, start=4, end=12)
    span = {"type": "span", "article": article.pk, "start": 4, "end": 12, "quote": "minister"}
    draft = {"explanation": "Draft."}

    response = post_jsonl(client_for(moderator), span | {"publication": draft})

    assert (1, "publication") in problem_fields(response)
    assert Article.objects.count() == 1
    assert not Publication.objects.exists()
