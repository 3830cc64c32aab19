"""/api/articles/: list, retrieve, import from JSON, metadata update, text revision."""

import pytest
from django.urls import reverse

from annotations.models import Article, Span
from tests.factories import ArticleFactory, EvidenceFactory, SpanFactory, VerdictFactory
from tests.helpers import client_for, results

pytestmark = pytest.mark.django_db

LIST = reverse("api:article-list")
NEW_ARTICLE = {
    "title": "Jobs report",
    "text": "Unemployment fell to 4.2 percent.\r\nOfficials said so.  ",
    "source": "Example Times",
    "url": "https://news.example/jobs",
    "published": "2026-03-01",
}


def detail(article) -> str:
    return reverse("api:article-detail", kwargs={"pk": article.pk})


def test_list_shows_articles_without_their_text(api_client, article):
    rows = results(api_client.get(LIST))

    assert [row["id"] for row in rows] == [article.pk]
    assert rows[0]["title"] == article.title
    assert rows[0]["created_by"] == "editor"
    assert rows[0]["spans"] is None
    assert "text" not in rows[0]


def test_list_filters_by_source_status_and_search(api_client):
    ArticleFactory(title="Budget speech", source="Herald")
    ArticleFactory(title="Flood report", source="Herald", status=Article.Status.CLOSED)
    ArticleFactory(title="Budget again", source="Daily")

    rows = results(api_client.get(LIST, {"source": "herald", "status": "open", "q": "budget"}))

    assert [row["title"] for row in rows] == ["Budget speech"]


def test_list_is_paged_by_cursor_in_creation_order(api_client):
    articles = ArticleFactory.create_batch(3)

    first = api_client.get(LIST, {"page_size": 2}).json()
    second = api_client.get(first["next"]).json()

    assert [row["id"] for row in first["results"]] == [a.pk for a in articles[:2]]
    assert [row["id"] for row in second["results"]] == [articles[2].pk]
    assert second["next"] is None


def test_retrieve_includes_the_text(api_client, article):
    response = api_client.get(detail(article))

    assert response.status_code == 200
    assert response.json()["text"] == article.text
    assert response.json()["text_sha256"] == article.text_sha256


def test_include_spans_embeds_spans_with_verdicts_and_evidence(api_client, article, editor):
    span = SpanFactory(article=article)
    evidence = EvidenceFactory(verdict=VerdictFactory(span=span, reviewer=editor))

    body = api_client.get(detail(article), {"include": "spans"}).json()

    assert [row["id"] for row in body["spans"]] == [span.pk]
    verdict = body["spans"][0]["verdicts"][0]
    assert verdict["reviewer"] == "editor"
    assert verdict["evidence"] == [
        {"url": evidence.url, "title": evidence.title, "note": evidence.note}
    ]


def test_include_rejects_anything_but_spans(api_client, article):
    response = api_client.get(detail(article), {"include": "history"})

    assert response.status_code == 400
    assert "include" in response.json()


def _fill(count: int) -> None:
    for _ in range(count):
        span = SpanFactory()
        EvidenceFactory.create_batch(2, verdict=VerdictFactory(span=span))
        VerdictFactory(span=span)


def test_list_with_spans_makes_the_same_number_of_queries_for_more_rows(
    api_client, django_assert_num_queries
):
    _fill(2)
    # One of them reads every listed article's assignees.
    with django_assert_num_queries(7) as small:
        api_client.get(LIST, {"include": "spans"})
    _fill(8)

    with django_assert_num_queries(len(small.captured_queries)):
        rows = results(api_client.get(LIST, {"include": "spans"}))

    assert len(rows) == 10


def test_create_stores_the_normalised_text_and_returns_201_with_location(api_client, editor):
    response = api_client.post(LIST, NEW_ARTICLE, format="json")

    assert response.status_code == 201, response.json()
    article = Article.objects.get()
    assert article.text == "Unemployment fell to 4.2 percent.\nOfficials said so."
    assert (article.created_by, article.source) == (editor, "Example Times")
    assert str(article.published) == "2026-03-01"
    assert response["Location"].endswith(detail(article))
    assert response.json()["text"] == article.text


def test_create_with_a_known_text_is_a_conflict_pointing_at_the_stored_article(api_client):
    existing = ArticleFactory(text="Unemployment fell to 4.2 percent.\nOfficials said so.")

    response = api_client.post(LIST, NEW_ARTICLE, format="json")

    assert response.status_code == 409
    assert response.json()["existing"] == existing.pk
    assert response["Location"] == response.json()["existing_url"]
    assert response["Location"].endswith(detail(existing))
    assert Article.objects.count() == 1


def test_create_rejects_an_over_long_text(api_client):
    response = api_client.post(LIST, {"title": "Huge", "text": "x" * 2_000_001}, format="json")

    assert response.status_code == 400
    assert "text" in response.json()
    assert not Article.objects.exists()


def test_create_requires_a_title_and_a_text(api_client):
    response = api_client.post(LIST, {}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"title", "text"}


def test_create_is_refused_to_a_user_without_a_role(outsider):
    response = client_for(outsider).post(LIST, NEW_ARTICLE, format="json")

    assert response.status_code == 403
    assert not Article.objects.exists()


def test_owner_changes_metadata(api_client, article):
    response = api_client.patch(
        detail(article), {"title": "Renamed", "status": "closed"}, format="json"
    )

    assert response.status_code == 200, response.json()
    article.refresh_from_db()
    assert (article.title, article.status) == ("Renamed", "closed")


def test_moderator_changes_anyones_metadata(moderator, article):
    response = client_for(moderator).patch(detail(article), {"byline": "A. N."}, format="json")

    assert response.status_code == 200
    article.refresh_from_db()
    assert article.byline == "A. N."


def test_other_editor_cannot_change_metadata(second_editor, article):
    response = client_for(second_editor).patch(detail(article), {"title": "Mine"}, format="json")

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title != "Mine"


def test_metadata_update_refuses_a_text_change(api_client, article):
    response = api_client.patch(detail(article), {"text": "Something else."}, format="json")

    assert response.status_code == 400
    assert "revise" in response.json()["text"][0]
    article.refresh_from_db()
    assert article.text != "Something else."


def test_metadata_update_rejects_an_unknown_status(api_client, article):
    response = api_client.patch(detail(article), {"status": "archived"}, format="json")

    assert response.status_code == 400
    assert "status" in response.json()


def test_revise_re_anchors_spans_and_lists_the_orphaned(api_client, article):
    kept = SpanFactory(article=article, start=0, end=12)
    lost = SpanFactory(article=article, start=62, end=69)
    new_text = "Breaking. " + article.text.replace("Critics", "Analysts")

    response = api_client.post(
        reverse("api:article-revise", kwargs={"pk": article.pk}), {"text": new_text}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["orphaned_spans"] == [lost.pk]
    assert response.json()["article"]["revision"] == 2
    kept.refresh_from_db()
    assert (kept.start, kept.end) == (10, 22)
    assert Span.objects.get(pk=lost.pk).is_orphaned


def test_revise_is_refused_to_other_editors(second_editor, article):
    response = client_for(second_editor).post(
        reverse("api:article-revise", kwargs={"pk": article.pk}), {"text": "New."}, format="json"
    )

    assert response.status_code == 403
    article.refresh_from_db()
    assert article.revision == 1


def test_put_is_not_allowed(api_client, article):
    response = api_client.put(detail(article), {"title": "x"}, format="json")

    assert response.status_code == 405
