"""Bad input to the API: a 400 (or 413/415) with a clear message, nothing stored, never a 500."""

import base64

import pytest
from django.urls import reverse

from annotations.models import Article, Span, Verdict
from tests.factories import SpanFactory, VerdictFactory
from tests.helpers import client_for, send

pytestmark = pytest.mark.django_db

ARTICLES = reverse("api:article-list")
SPANS = reverse("api:span-list")
VERDICTS = reverse("api:verdict-list")


def post_raw(client, url, body: bytes, content_type="application/json"):
    return client.generic("POST", url, body, content_type=content_type)


def test_malformed_json_is_400(api_client):
    response = post_raw(api_client, ARTICLES, b'{"title": "x", "text": ')

    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")


def test_json_nested_too_deeply_is_400(api_client):
    response = post_raw(api_client, ARTICLES, b"[" * 100_000 + b"]" * 100_000)

    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_invalid_utf8_is_400(api_client):
    response = post_raw(api_client, ARTICLES, b'{"title": "\xff\xfe"}')

    assert response.status_code == 400


def test_nan_is_not_json(api_client, article):
    response = post_raw(api_client, SPANS, b'{"article": 1, "start": NaN, "end": 3}')

    assert response.status_code == 400


def test_a_body_over_the_upload_limit_is_413(api_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = api_client.post(ARTICLES, {"title": "Big", "text": "x" * 2000}, format="json")

    assert response.status_code == 413
    assert not Article.objects.exists()


def test_a_form_encoded_body_is_415(api_client):
    response = api_client.post(ARTICLES, {"title": "x", "text": "y"})

    assert response.status_code == 415


def test_a_list_instead_of_an_object_is_400(api_client):
    response = api_client.post(ARTICLES, [{"title": "x"}], format="json")

    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_a_string_for_an_integer_is_400(api_client, article):
    response = api_client.post(
        SPANS, {"article": article.pk, "start": "0", "end": 3}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"start"}
    assert not Span.objects.exists()


def test_a_string_for_an_id_is_400(api_client, article):
    response = api_client.post(
        SPANS, {"article": str(article.pk), "start": 0, "end": 3}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"article"}


def test_a_fraction_for_an_integer_is_400(api_client, article):
    response = api_client.post(
        SPANS, {"article": article.pk, "start": 0.0, "end": 3}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"start"}


def test_an_object_for_a_string_is_400(api_client):
    response = api_client.post(ARTICLES, {"title": {"a": 1}, "text": ["x"]}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"title", "text"}


def test_a_number_for_a_string_is_400(api_client):
    response = api_client.post(ARTICLES, {"title": 12, "text": "Some text."}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"title"}


def test_a_nul_character_is_400(api_client):
    response = api_client.post(ARTICLES, {"title": "a\x00b", "text": "Some text."}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"title"}
    assert not Article.objects.exists()


def test_a_nul_character_in_the_text_is_400(api_client):
    response = api_client.post(ARTICLES, {"title": "T", "text": "Some\x00text."}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"text"}


def test_a_lone_surrogate_is_400(api_client, editor):
    span = SpanFactory()

    response = send(
        api_client,
        "post",
        VERDICTS,
        {"span": span.pk, "label": "supported", "rationale": "a\ud800"},
    )

    assert response.status_code == 400
    assert set(response.json()) == {"rationale"}


@pytest.mark.parametrize("value", [2**63, 2**64, -(2**70)])
def test_an_integer_beyond_64_bits_is_400(api_client, article, value):
    response = api_client.post(
        SPANS, {"article": article.pk, "start": value, "end": 3}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"start"}


@pytest.mark.parametrize("value", [2**63, 2**64])
def test_an_id_beyond_64_bits_is_400(api_client, value):
    response = api_client.post(VERDICTS, {"span": value, "label": "supported"}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"span"}


def test_an_unknown_field_is_400(api_client, article):
    response = api_client.post(
        SPANS, {"article": article.pk, "start": 0, "end": 3, "colour": "red"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"colour": ["Unknown field."]}
    assert not Span.objects.exists()


def test_an_unknown_field_in_evidence_is_400(api_client):
    span = SpanFactory()

    response = api_client.post(
        VERDICTS,
        {
            "span": span.pk,
            "label": "supported",
            "evidence": [{"url": "https://a.example", "x": 1}],
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"evidence": {"0": {"x": ["Unknown field."]}}}


def test_an_unknown_query_parameter_is_400_and_filters_nothing(api_client):
    VerdictFactory()

    response = api_client.get(VERDICTS, {"created_by__password__startswith": "x"})

    assert response.status_code == 400
    assert "Unknown query parameter" in response.json()["created_by__password__startswith"][0]


def test_an_unknown_query_parameter_on_a_detail_url_is_400(api_client, article):
    url = reverse("api:article-detail", kwargs={"pk": article.pk})

    assert api_client.get(url, {"created_by__is_superuser": "true"}).status_code == 400


@pytest.mark.parametrize("value", ["\x00", str(2**64), "-1", "1.5", "abc", "x" * 5000])
@pytest.mark.parametrize("name", ["article", "reviewer", "created_after", "label", "state"])
def test_garbage_filter_values_never_crash(api_client, name, value):
    response = api_client.get(SPANS, {name: value})

    assert response.status_code in (200, 400)


@pytest.mark.parametrize("value", ["\x00", "x" * 5000])
@pytest.mark.parametrize("name", ["q", "source", "status"])
def test_garbage_article_filter_values_never_crash(api_client, name, value):
    assert api_client.get(ARTICLES, {name: value}).status_code in (200, 400)


def test_a_garbage_cursor_is_404(api_client):
    assert api_client.get(SPANS, {"cursor": "garbage"}).status_code == 404


def test_a_forged_cursor_with_a_bad_position_is_400(api_client):
    cursor = base64.b64encode(b"p=not-a-date").decode()

    response = api_client.get(SPANS, {"cursor": cursor})

    assert response.status_code == 400


def test_an_invalid_request_stores_nothing(api_client, article):
    before = (Article.objects.count(), Span.objects.count(), Verdict.objects.count())

    api_client.post(SPANS, {"article": article.pk, "start": 5, "end": 2}, format="json")
    api_client.post(VERDICTS, {"span": 0, "label": "supported"}, format="json")

    assert (Article.objects.count(), Span.objects.count(), Verdict.objects.count()) == before


def test_an_error_quoting_a_lone_surrogate_is_still_json(moderator, article):
    url = reverse("api:article-detail", kwargs={"pk": article.pk})

    response = send(client_for(moderator), "patch", url, {"status": "\ud800"})

    assert response.status_code == 400
    assert response.json()["status"] == ['"\ud800" is not a valid choice.']
