"""POST /api/imports/: many records in one request, as the caller's own work, all or nothing."""

import datetime
import gc
import json

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from annotations.models import Article, Evidence, ImportReceipt, Span, Verdict
from annotations.services import imports
from tests.factories import ARTICLE_TEXT, ArticleFactory, SpanFactory, VerdictFactory
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

URL = reverse("api:import")
TEXT = "The mayor said the new bridge cost 40 million. Critics say it cost twice that."
ARTICLE = {"type": "article", "ref": "bridge", "title": "Bridge opens", "text": TEXT}
CLAIM = {
    "type": "span",
    "article": "bridge",
    "start": 4,
    "end": 45,
    "quote": "mayor said the new bridge cost 40 million",
    "verdicts": [
        {
            "label": "disputed",
            "rationale": "Budget papers say 78 million.",
            "evidence": [{"url": "https://council.example/budget", "title": "Budget"}],
        }
    ],
}


def jsonl(*records) -> str:
    return "\n".join(json.dumps(record) for record in records) + "\n"


def post_jsonl(client, *records, **headers):
    return client.post(URL, jsonl(*records), content_type="application/jsonl", headers=headers)


def problems(response) -> list[tuple[int, str]]:
    assert response.status_code == 400, response.content
    return [(problem["line"], problem["field"]) for problem in response.json()["problems"]]


def assert_nothing_stored() -> None:
    assert not Article.objects.filter(title="Bridge opens").exists()
    assert not Span.objects.exists()
    assert not Verdict.objects.exists()


def test_stores_articles_spans_verdicts_and_evidence_as_the_callers(api_client, editor):
    response = post_jsonl(api_client, ARTICLE, CLAIM)

    assert response.status_code == 201, response.json()
    span = Span.objects.get()
    verdict = Verdict.objects.get()
    assert (span.article.title, span.quote, span.created_by) == (
        "Bridge opens",
        CLAIM["quote"],
        editor,
    )
    assert list(span.highlighters.all()) == [editor]
    assert (verdict.reviewer, verdict.label, verdict.span) == (editor, "disputed", span)
    assert Evidence.objects.get().verdict == verdict


def test_answers_with_each_line_and_ref_mapped_to_its_ids(api_client):
    answer = post_jsonl(api_client, ARTICLE, CLAIM).json()

    article, span, verdict = Article.objects.get(), Span.objects.get(), Verdict.objects.get()
    assert answer["articles"] == [{"line": 1, "ref": "bridge", "id": article.pk}]
    assert answer["spans"] == [
        {"line": 2, "id": span.pk, "created": True, "verdicts": [verdict.pk]}
    ]
    counts = {
        "articles": 1,
        "spans": 1,
        "joined": 0,
        "verdicts": 1,
        "evidence": 1,
        "publications": 0,
        "links": 0,
    }
    assert answer["counts"] == counts


def test_accepts_a_json_array_of_the_same_records(api_client):
    response = api_client.post(URL, [ARTICLE, CLAIM], format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["spans"][0]["line"] == 2
    assert Verdict.objects.count() == 1


def test_writes_a_history_row_for_everything_stored(api_client, editor):
    post_jsonl(api_client, ARTICLE, CLAIM)

    for model in (Article, Span, Verdict, Evidence):
        record = model.history.get()
        assert (record.history_user, record.history_change_reason) == (
            editor,
            "Imported over the API",
        )


def test_stamps_rows_now_whatever_the_records_say(api_client):
    old = {"created_at": "2001-01-01T00:00:00Z", "updated_at": "2001-01-01T00:00:00Z"}
    verdict = CLAIM["verdicts"][0] | old | {"version": 7}
    post_jsonl(api_client, ARTICLE | old | {"revision": 4}, CLAIM | old | {"verdicts": [verdict]})

    assert Article.objects.get().revision == 1
    assert Span.objects.get().created_at.year == timezone.now().year
    assert Verdict.objects.get().version == 1


def test_a_span_can_name_a_stored_article_by_id(api_client, article):
    quote = "minister"
    claim = {"type": "span", "article": article.pk, "start": 4, "end": 12, "quote": quote}

    response = post_jsonl(api_client, claim)

    assert response.status_code == 201, response.json()
    assert Span.objects.get().article == article
    assert Span.objects.get().prefix == "The "


def test_a_stored_range_is_joined(article, second_editor):
    span = SpanFactory(article=article, start=4, end=12, quote="minister")
    claim = {"type": "span", "article": article.pk, "start": 4, "end": 12, "quote": "minister"}
    labelled = claim | {"verdicts": [{"label": "supported"}]}

    response = post_jsonl(client_for(second_editor), labelled)

    assert response.status_code == 201, response.json()
    assert response.json()["spans"][0] | {"verdicts": []} == {
        "line": 1,
        "id": span.pk,
        "created": False,
        "verdicts": [],
    }
    assert span.highlighters.filter(pk=second_editor.pk).exists()
    assert Verdict.objects.get(span=span).reviewer == second_editor
    assert span.history.latest().history_change_reason == "Highlighted again by second_editor"


def test_a_verdict_on_a_joined_span_the_caller_judged_already_is_refused(article, second_editor):
    span = SpanFactory(article=article, start=4, end=12, quote="minister")
    VerdictFactory(span=span, reviewer=second_editor)
    claim = {"type": "span", "article": article.pk, "start": 4, "end": 12, "quote": "minister"}

    response = post_jsonl(
        client_for(second_editor), claim | {"verdicts": [{"label": "supported"}]}
    )

    assert problems(response) == [(1, "verdicts")]
    assert Verdict.objects.count() == 1


def test_every_bad_record_is_listed_with_its_line_and_field_and_nothing_is_stored(api_client):
    bad_quote = CLAIM | {"quote": "mayor said the new bridge cost 90 million"}
    bad_label = CLAIM | {"start": 47, "end": 54, "quote": "Critics", "verdicts": [{"label": "x"}]}

    response = post_jsonl(api_client, ARTICLE, bad_quote, bad_label, {"type": "comment"})

    assert problems(response) == [(2, "quote"), (3, "verdicts[1].label"), (4, "type")]
    assert response.json()["detail"] == "Nothing was imported: 3 record(s) have problems."
    assert_nothing_stored()


def test_a_malformed_line_is_reported_by_number(api_client):
    body = jsonl(ARTICLE) + '{"type": "span",\n'

    response = api_client.post(URL, body, content_type="application/jsonl")

    assert problems(response) == [(2, "")]
    assert_nothing_stored()


def test_a_span_naming_no_known_article_is_refused(api_client):
    assert problems(post_jsonl(api_client, CLAIM)) == [(1, "article")]
    assert problems(post_jsonl(api_client, CLAIM | {"article": 99999})) == [(1, "article")]


def test_an_article_without_a_ref_or_id_is_refused(api_client):
    article = {key: value for key, value in ARTICLE.items() if key != "ref"}

    assert problems(post_jsonl(api_client, article)) == [(1, "ref")]


def test_a_span_on_a_closed_stored_article_is_refused(api_client):
    closed = ArticleFactory(status=Article.Status.CLOSED, text=ARTICLE_TEXT)
    claim = {"type": "span", "article": closed.pk, "start": 4, "end": 12, "quote": "minister"}

    assert problems(post_jsonl(api_client, claim)) == [(1, "article")]


def test_a_verdict_in_someone_elses_name_is_refused(api_client):
    verdict = CLAIM["verdicts"][0] | {"reviewer": "somebody"}

    response = post_jsonl(api_client, ARTICLE, CLAIM | {"verdicts": [verdict]})

    assert problems(response) == [(2, "verdicts[1].reviewer")]
    assert_nothing_stored()


def test_an_editor_cannot_settle_claims_by_import(api_client):
    settled = CLAIM | {"state": "approved", "final_label": "disputed"}

    assert problems(post_jsonl(api_client, ARTICLE, settled)) == [(2, "state")]


def test_a_moderator_settles_claims_by_import(moderator):
    settled = CLAIM | {"state": "approved", "final_label": "disputed", "moderated_by": None}

    response = post_jsonl(client_for(moderator), ARTICLE, settled)

    assert response.status_code == 201, response.json()
    span = Span.objects.get()
    assert (span.state, span.final_label, span.moderated_by) == ("approved", "disputed", moderator)
    assert span.moderated_at is not None


def test_orphaned_claims_are_for_a_restore_only(api_client):
    response = post_jsonl(api_client, ARTICLE, CLAIM | {"is_orphaned": True})

    assert problems(response) == [(2, "is_orphaned")]


def test_a_user_without_a_role_is_refused(outsider):
    response = post_jsonl(client_for(outsider), ARTICLE, CLAIM)

    assert response.status_code == 403
    assert_nothing_stored()


def test_another_content_type_is_415(api_client):
    response = api_client.post(URL, "title,text\n", content_type="text/csv")

    assert response.status_code == 415


@pytest.mark.parametrize(("body", "content_type"), [("\n\n", "application/jsonl"), ("", "")])
def test_an_empty_body_is_400(api_client, body, content_type):
    response = api_client.generic("POST", URL, body, content_type=content_type)

    assert response.status_code == 400
    assert response.json()["detail"] == "Nothing was imported: the body holds no records."


@pytest.mark.parametrize("body", ["{not json", '{"type": "article"}', "[1]"])
def test_a_json_body_must_be_an_array_of_objects(api_client, body):
    response = api_client.post(URL, body, content_type="application/json")

    assert response.status_code == 400
    assert not Article.objects.filter(title="Bridge opens").exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_limit_is_413(api_client):
    response = post_jsonl(api_client, ARTICLE | {"title": "x" * 2000})

    assert response.status_code == 413
    assert_nothing_stored()


def test_a_retry_with_the_same_idempotency_key_returns_the_first_answer(api_client):
    first = post_jsonl(api_client, ARTICLE, CLAIM, **{"Idempotency-Key": "run-1"})
    again = post_jsonl(api_client, ARTICLE, CLAIM, **{"Idempotency-Key": "run-1"})

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Span.objects.count() == 1


def test_an_idempotency_key_reused_with_another_body_is_422(api_client):
    post_jsonl(api_client, ARTICLE, **{"Idempotency-Key": "run-1"})

    response = post_jsonl(api_client, ARTICLE, CLAIM, **{"Idempotency-Key": "run-1"})

    assert response.status_code == 422
    assert not Span.objects.exists()


def test_idempotency_keys_are_per_user(api_client, second_editor):
    post_jsonl(api_client, ARTICLE, **{"Idempotency-Key": "run-1"})
    other = {"type": "article", "ref": 1, "title": "Other", "text": "Another text entirely."}

    response = post_jsonl(client_for(second_editor), other, **{"Idempotency-Key": "run-1"})

    assert response.status_code == 201
    assert ImportReceipt.objects.count() == 2


def test_a_refused_import_keeps_no_idempotency_key(api_client):
    post_jsonl(api_client, CLAIM, **{"Idempotency-Key": "run-1"})

    response = post_jsonl(api_client, ARTICLE, CLAIM, **{"Idempotency-Key": "run-1"})

    assert response.status_code == 201
    assert not response.has_header("Idempotent-Replayed")


@pytest.mark.parametrize("key", ["", "x" * 256, "caf\u00e9"])
def test_a_malformed_idempotency_key_is_400(api_client, key):
    response = post_jsonl(api_client, ARTICLE, **{"Idempotency-Key": key})

    assert problems(response) == [(0, "Idempotency-Key")]
    assert not Article.objects.filter(title="Bridge opens").exists()


def test_the_number_of_queries_does_not_grow_with_the_records(
    api_client, django_assert_num_queries
):
    def records(count: int) -> list[dict]:
        text = " ".join(f"Claim number {n:04d} is here." for n in range(count))
        article = {"type": "article", "ref": f"a{count}", "title": "Many", "text": text}
        spans = [
            {
                "type": "span",
                "article": f"a{count}",
                "start": n * 27,
                "end": n * 27 + 17,
                "quote": f"Claim number {n:04d}",
                "verdicts": [{"label": "supported", "evidence": [{"url": "https://e.example"}]}],
            }
            for n in range(count)
        ]
        return [article, *spans]

    with CaptureQueriesContext(connection) as small:
        assert post_jsonl(api_client, *records(2)).status_code == 201
    with django_assert_num_queries(len(small.captured_queries)):
        assert post_jsonl(api_client, *records(30)).status_code == 201


def test_a_key_older_than_a_day_can_be_used_again(api_client):
    post_jsonl(api_client, ARTICLE, **{"Idempotency-Key": "run-1"})
    ImportReceipt.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    other = {"type": "article", "ref": 1, "title": "Other", "text": "Another text entirely."}

    response = post_jsonl(api_client, other, **{"Idempotency-Key": "run-1"})

    assert response.status_code == 201
    assert not response.has_header("Idempotent-Replayed")
    assert ImportReceipt.objects.count() == 1


def test_the_garbage_collector_pauses_while_an_import_is_planned_and_runs_again_after(
    api_client, monkeypatch
):
    planned_with_collector = []
    plan = imports.plan_import

    def watched(*args, **kwargs):
        planned_with_collector.append(gc.isenabled())
        return plan(*args, **kwargs)

    monkeypatch.setattr(imports, "plan_import", watched)
    response = post_jsonl(api_client, ARTICLE, CLAIM)

    assert response.status_code == 201, response.json()
    assert planned_with_collector == [False]
    assert gc.isenabled()


def test_the_garbage_collector_runs_again_after_a_refused_import(api_client):
    response = post_jsonl(api_client, ARTICLE, {**CLAIM, "quote": "not in the text"})

    assert response.status_code == 400
    assert gc.isenabled()
