"""Plain rows, as the export views read them, for the tests of annotations.exports."""

import datetime

CREATED = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)
UPDATED = datetime.datetime(2026, 3, 2, 10, 0, 5, 123000, tzinfo=datetime.UTC)


def verdict_url(pk: int) -> str:
    return f"https://factcheck.example/api/verdicts/{pk}/"


def article_url(pk: int) -> str:
    return f"https://factcheck.example/api/articles/{pk}/"


def span_url(pk: int) -> str:
    return f"https://factcheck.example/api/spans/{pk}/"


def verdict_row(pk: int = 7, **changes) -> dict:
    row = {
        "id": pk,
        "span_id": 3,
        "article_id": 2,
        "article_title": "Minister on jobs",
        "article_url": "https://news.example/jobs",
        "start": 4,
        "end": 12,
        "quote": "minister",
        "prefix": "The ",
        "suffix": " said",
        "claim": "",
        "reviewer_username": "alice",
        "label": "disputed",
        "rationale": "The rate was 4.6 percent.",
        "version": 2,
        "created": CREATED,
        "updated": UPDATED,
        "span_state": "pending",
        "final_label": "",
        "evidence": [{"url": "https://stats.example/march", "title": "March", "note": ""}],
    }
    return row | changes


PUBLISHED = datetime.datetime(2026, 3, 3, 8, 15, tzinfo=datetime.UTC)


def publication_columns(**changes) -> dict:
    """A span row's columns for its published fact check (export_views.PUBLICATION_COLUMNS)."""
    columns = {
        "publication_id": 5,
        "publication_explanation": "The office's March figure was 4.6 percent.",
        "publication_evidence": [{"url": "https://stats.example/march", "title": "March"}],
        "publication_slug": "unemployment-fell-to-4-2-percent",
        "publication_published": PUBLISHED,
        "publication_published_by": "maria",
        "publication_created": CREATED,
        "publication_updated": UPDATED,
    }
    return columns | changes


# A span row's columns when it has no publication (the join found none).
NO_PUBLICATION = dict.fromkeys(publication_columns())


def span_row(pk: int = 3, **changes) -> dict:
    row = {
        "id": pk,
        "article_id": 2,
        "article_title": "Minister on jobs",
        "article_url": "https://news.example/jobs",
        "article_source": "Example Times",
        "article_published": datetime.date(2026, 2, 28),
        "start": 4,
        "end": 12,
        "quote": "minister",
        "prefix": "The ",
        "suffix": " said",
        "claim": "Unemployment fell to 4.2 percent.",
        "speaker": "The minister",
        "created_by_username": "alice",
        "created": CREATED,
        "updated": UPDATED,
        "is_orphaned": False,
        "state": "approved",
        "final_label": "disputed",
        "moderated_by_username": "maria",
        "moderated": UPDATED,
        "moderation_note": "Two sources agree.",
        "highlighters": [{"span_id": pk, "username": "alice"}],
        "verdicts": [verdict_row(span_id=pk)],
        **NO_PUBLICATION,
    }
    return row | changes
