"""The OpenAPI schema (drf-spectacular) and the interactive docs served without any CDN."""

import re

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse

from tests.factories import CommentFactory, EvidenceFactory, SpanFactory, VerdictFactory
from tests.helpers import results

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema_file(tmp_path_factory, django_db_blocker):
    path = tmp_path_factory.mktemp("schema") / "schema.yml"
    with django_db_blocker.unblock():
        # Fails (raises) on any warning or error from the generator or the validator.
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return path


def test_schema_generates_and_validates_without_warnings(schema_file):
    assert yaml.safe_load(schema_file.read_text())["openapi"].startswith("3.")


def test_schema_covers_every_endpoint_with_the_export_media_types(schema_file):
    paths = yaml.safe_load(schema_file.read_text())["paths"]

    assert {
        "/api/articles/",
        "/api/articles/{id}/",
        "/api/articles/{id}/revise/",
        "/api/spans/",
        "/api/spans/{id}/",
        "/api/spans/{id}/settle/",
        "/api/verdicts/",
        "/api/verdicts/{id}/",
        "/api/spans/{id}/comments/",
        "/api/comments/{id}/",
        "/api/token/",
    } <= set(paths)
    exports = {
        "/api/exports/spans.jsonl": "application/jsonl",
        "/api/exports/verdicts.csv": "text/csv",
        "/api/exports/annotations.jsonld": "application/ld+json",
        "/api/exports/claimreview.jsonld": "application/ld+json",
    }
    for path, media_type in exports.items():
        assert media_type in paths[path]["get"]["responses"]["200"]["content"], path


def test_schema_documents_the_filters(schema_file):
    paths = yaml.safe_load(schema_file.read_text())["paths"]

    names = {parameter["name"] for parameter in paths["/api/spans/"]["get"]["parameters"]}

    assert {"article", "label", "reviewer", "state", "final_label", "orphaned"} <= names
    assert {"created_after", "created_before", "cursor", "page_size"} <= names


@pytest.fixture
def returned_rows(api_client, article) -> dict[str, dict]:
    """One row of each resource as the API returns it, by its schema component's name."""
    span = SpanFactory(article=article)
    verdict = VerdictFactory(span=span)
    EvidenceFactory(verdict=verdict)
    comment = CommentFactory(span=span)
    verdict_row = api_client.get(reverse("api:verdict-detail", kwargs={"pk": verdict.pk})).json()
    return {
        "Comment": api_client.get(reverse("api:comment-detail", kwargs={"pk": comment.pk})).json(),
        "Span": api_client.get(reverse("api:span-detail", kwargs={"pk": span.pk})).json(),
        "Verdict": verdict_row,
        "Evidence": verdict_row["evidence"][0],
        "Article": api_client.get(reverse("api:article-detail", kwargs={"pk": article.pk})).json(),
        "ArticleList": results(api_client.get(reverse("api:article-list")))[0],
    }


@pytest.mark.parametrize(
    "component", ["Span", "Verdict", "Evidence", "Article", "ArticleList", "Comment"]
)
def test_schema_shows_exactly_the_keys_the_api_returns(schema_file, returned_rows, component):
    components = yaml.safe_load(schema_file.read_text())["components"]["schemas"]

    assert set(components[component]["properties"]) == set(returned_rows[component])


def test_schema_is_served_to_signed_in_users(api_client):
    response = api_client.get(reverse("api:schema"))

    assert response.status_code == 200
    assert b"openapi: 3" in response.content


def test_docs_need_a_signed_in_user(client):
    response = client.get(reverse("api:docs"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_docs_load_nothing_from_another_host(editor_client):
    response = editor_client.get(reverse("api:docs"))

    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, "the page should load Swagger UI's script and styles"
    assert all(source.startswith("/") for source in sources), sources
    assert "//" not in " ".join(sources)


def test_docs_script_is_served_from_this_site(editor_client):
    response = editor_client.get(reverse("api:docs"), {"script": ""})

    assert response.status_code == 200
    assert b"SwaggerUIBundle" in response.content
    assert b"https://" not in response.content


def test_only_the_docs_page_allows_inline_styles(editor_client):
    docs = editor_client.get(reverse("api:docs"))
    api = editor_client.get(reverse("api:article-list"))

    assert "style-src 'self' 'unsafe-inline'" in docs["Content-Security-Policy"]
    assert "script-src 'self'" in docs["Content-Security-Policy"]
    assert "'unsafe-inline'" not in api["Content-Security-Policy"]


def test_browsable_api_pages_allow_inline_styles_but_json_does_not(editor_client):
    html = editor_client.get(reverse("api:span-list"), headers={"Accept": "text/html"})
    json_response = editor_client.get(reverse("api:span-list"))

    assert html.status_code == 200
    assert html["Content-Type"].startswith("text/html")
    assert "style-src 'self' 'unsafe-inline'" in html["Content-Security-Policy"]
    assert "'unsafe-inline'" not in json_response["Content-Security-Policy"]
