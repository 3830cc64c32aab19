"""Streaming exports: each response is a generator over QuerySet.iterator(), in constant memory.

Rows are read with `.values()` (no model instances) and related rows come from separate
queries in the same order, merged as they stream (exports.attach): a fixed number of queries
whatever the size, and no list of rows ever built.
"""

import datetime
from functools import cached_property
from itertools import chain
from operator import itemgetter

from django.db.models import CharField, F, Func, Value
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import GenericAPIView

from annotations import blind, exports, linked_data, publishing
from annotations.api.renderers import SafeJSONRenderer
from annotations.filters import SpanFilter, StrictFilterBackend, VerdictFilter
from annotations.models import Article, ClaimLink, Evidence, Span, Verdict

# Rows fetched per round trip (a server-side cursor on PostgreSQL).
CHUNK_SIZE = 2000
# Articles carry their whole text (up to 2,000,000 characters): fetch few at a time.
ARTICLE_CHUNK_SIZE = 20

JSONL = "application/jsonl; charset=utf-8"
CSV = "text/csv; charset=utf-8"
WEB_ANNOTATION = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
JSON_LD = "application/ld+json"


class IsoTimestamp(Func):
    """A timestamp as ISO 8601 text in UTC, made by the database.

    Several times faster than Python building a datetime for each value and formatting it
    again; on SQLite, Django stores UTC times as "YYYY-MM-DD HH:MM:SS[.ffffff]" text.
    """

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        template = "(replace(%(expressions)s, ' ', 'T') || 'Z')"
        return self.as_sql(compiler, connection, template=template, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        template = (
            "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
        )
        return self.as_sql(compiler, connection, template=template, **extra_context)


TIMESTAMPS = {"created": IsoTimestamp("created_at"), "updated": IsoTimestamp("updated_at")}
# A span's publication (exports.span_record), read in the span query: the join is one-to-one,
# so it adds no rows, and no query.
PUBLICATION_COLUMNS = {
    "publication_id": F("publication__id"),
    "publication_explanation": F("publication__explanation"),
    "publication_evidence": F("publication__evidence"),
    "publication_slug": F("publication__slug"),
    "publication_published": IsoTimestamp("publication__published_at"),
    "publication_published_by": F("publication__published_by__username"),
    "publication_created": IsoTimestamp("publication__created_at"),
    "publication_updated": IsoTimestamp("publication__updated_at"),
}


def download_name(filename: str, query, day: datetime.date) -> str:
    """The file name a download gets: what it holds and when, so two downloads don't clash,
    e.g. "verdicts-article-3-2026-11-28.csv", "spans-filtered-2026-11-28.jsonl". Called
    after the filters validated the query (an article is then a whole number)."""
    stem, extension = filename.split(".", 1)
    parts = [stem]
    if query.get("article"):
        parts.append(f"article-{int(query['article'])}")
    if set(query) - {"article", "format"}:
        parts.append("filtered")
    parts.append(day.isoformat())
    return f"{'-'.join(parts)}.{extension}"


def export_schema(media_type: str, description: str, body=OpenApiTypes.STR):
    """The export's 200 response: its media type and what the body is (text, object, array)."""
    return extend_schema(
        responses={(200, media_type.split(";")[0]): OpenApiResponse(body, description)}
    )


class ExportView(GenericAPIView):
    """GET streams `stream(rows)` (defined by each export) over the filtered queryset."""

    pagination_class = None
    filter_backends = [StrictFilterBackend]
    renderer_classes = [SafeJSONRenderer]
    media_type: str
    filename: str

    def perform_content_negotiation(self, request, force=False):
        # The export's format is fixed by its URL; errors are JSON whatever the Accept header.
        return super().perform_content_negotiation(request, force=True)

    def get(self, request):
        rows = self.filter_queryset(self.get_queryset())
        response = StreamingHttpResponse(
            (chunk.encode() for chunk in self.stream(rows)), content_type=self.media_type
        )
        name = download_name(self.filename, request.query_params, timezone.localdate())
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def url_for(self, route: str):
        """Absolute API URL of a row by id, without calling reverse() once per row."""
        base = self.request.build_absolute_uri(reverse(route))
        return lambda pk: f"{base}{pk}/"

    @cached_property
    def blind_review_hides(self) -> bool:
        """Whether blind review may hide judgements from the user (annotations.blind)."""
        return blind.hides_anything(self.request.user)

    def is_filtered(self) -> bool:
        """Whether the export holds less than everything: by its query, or by blind review."""
        return self.blind_review_hides or any(self.request.query_params.values())

    def with_sealed(self, spans):
        """Spans annotated with `sealed` (blind.with_sealed), without its joins when blind
        review hides nothing from the user."""
        if self.blind_review_hides:
            return blind.with_sealed(spans, self.request.user)
        return spans.annotate(sealed=Value(False))

    def visible_verdicts(self):
        verdicts = Verdict.objects.all()
        if self.blind_review_hides:
            verdicts = blind.visible_verdicts(verdicts, self.request.user)
        return verdicts

    def related(self, rows, **lookup):
        """`rows` of the exported rows (a filter by `lookup`), or all of them when unfiltered.

        Unfiltered, `IN (every id)` only made the database join the whole table once more:
        a fifth of an export's database time.
        """
        return rows.filter(**lookup) if self.is_filtered() else rows

    def with_evidence(self, verdict_rows, verdicts):
        """Verdict rows ordered by (span_id, id), each given its `evidence`."""
        evidence = (
            self.related(Evidence.objects.all(), verdict__in=verdicts.values("pk"))
            .order_by("verdict__span_id", "verdict_id", "id")
            .values("verdict_id", "url", "title", "note", span_id=F("verdict__span_id"))
            .iterator(chunk_size=CHUNK_SIZE)
        )
        return exports.attach(
            verdict_rows,
            evidence,
            into="evidence",
            child_key=itemgetter("span_id", "verdict_id"),
            parent_key=itemgetter("span_id", "id"),
        )


@export_schema(
    JSONL,
    "Article records (with their text), then one record per span with its verdicts, then "
    "the links reviewers confirmed between exported claims.",
)
class SpanJsonlExport(ExportView):
    queryset = Span.objects.all()
    filterset_class = SpanFilter
    media_type = JSONL
    filename = "spans.jsonl"

    def stream(self, spans):
        return exports.jsonl(
            chain(
                map(exports.article_record, self.exported_articles(spans)),
                map(exports.span_record, self.exported_spans(spans)),
                map(exports.link_record, self.exported_links(spans)),
            )
        )

    def exported_links(self, spans):
        """The links between two exported claims."""
        span_ids = spans.values("pk")
        links = self.related(ClaimLink.objects.all(), span__in=span_ids, other__in=span_ids)
        return (
            links.order_by("span_id", "other_id")
            .values(
                "span_id",
                "other_id",
                "relation",
                **TIMESTAMPS,
                created_by_username=F("created_by__username"),
            )
            .iterator(chunk_size=CHUNK_SIZE)
        )

    def exported_articles(self, spans):
        """The exported spans' articles; an unfiltered export has every article."""
        articles = self.related(Article.objects.all(), pk__in=spans.values("article_id"))
        return (
            articles.order_by("id")
            .values(
                "id",
                "title",
                "source",
                "url",
                "byline",
                "published",
                "language",
                "status",
                "blind_review",
                "revision",
                "text_sha256",
                "text",
                **TIMESTAMPS,
                created_by_username=F("created_by__username"),
            )
            .iterator(chunk_size=ARTICLE_CHUNK_SIZE)
        )

    def exported_spans(self, spans):
        """Span rows by id, each with its highlighters, its verdicts (with evidence) and its
        publication; a claim sealed by blind review without its verdicts, final verdict and
        publication."""
        span_ids = spans.values("pk")
        span_rows = (
            self.with_sealed(spans)
            .order_by("id")
            .values(
                "id",
                "article_id",
                "start",
                "end",
                "quote",
                "prefix",
                "suffix",
                "claim",
                "speaker",
                "is_orphaned",
                "state",
                "final_label",
                "moderation_note",
                "sealed",
                **TIMESTAMPS,
                moderated=IsoTimestamp("moderated_at"),
                created_by_username=F("created_by__username"),
                moderated_by_username=F("moderated_by__username"),
                **PUBLICATION_COLUMNS,
            )
            .iterator(chunk_size=CHUNK_SIZE)
        )
        highlighters = (
            self.related(Span.highlighters.through.objects.all(), span__in=span_ids)
            .order_by("span_id", "user__username")
            .values("span_id", username=F("user__username"))
            .iterator(chunk_size=CHUNK_SIZE)
        )
        verdicts = self.related(self.visible_verdicts(), span__in=span_ids)
        verdict_rows = (
            verdicts.order_by("span_id", "id")
            .values(
                "id",
                "span_id",
                "label",
                "rationale",
                "version",
                **TIMESTAMPS,
                reviewer_username=F("reviewer__username"),
            )
            .iterator(chunk_size=CHUNK_SIZE)
        )
        by_span = itemgetter("span_id")
        span_rows = map(settlement_unless_sealed, span_rows)
        span_rows = exports.attach(span_rows, highlighters, into="highlighters", child_key=by_span)
        verdict_rows = self.with_evidence(verdict_rows, verdicts)
        return exports.attach(span_rows, verdict_rows, into="verdicts", child_key=by_span)


def settlement_unless_sealed(row: dict) -> dict:
    """A span row without its final verdict and publication when it is sealed for the user."""
    if row.pop("sealed"):
        row.update(
            final_label="",
            moderation_note="",
            moderated=None,
            moderated_by_username=None,
            publication_id=None,
        )
    return row


VERDICT_COLUMNS = {
    "article_id": F("span__article_id"),
    "article_title": F("span__article__title"),
    "article_url": F("span__article__url"),
    "start": F("span__start"),
    "end": F("span__end"),
    "quote": F("span__quote"),
    "prefix": F("span__prefix"),
    "suffix": F("span__suffix"),
    "claim": F("span__claim"),
    "reviewer_username": F("reviewer__username"),
    "span_state": F("span__state"),
    "final_label": F("span__final_label"),
}


class VerdictExportView(ExportView):
    filterset_class = VerdictFilter

    def get_queryset(self):
        return self.visible_verdicts()

    def verdict_rows(self, verdicts):
        """Verdicts with their span's and article's columns and their evidence, by id."""
        rows = (
            verdicts.order_by("span_id", "id")
            .values(
                "id",
                "span_id",
                "label",
                "rationale",
                "version",
                **TIMESTAMPS,
                **VERDICT_COLUMNS,
            )
            .iterator(chunk_size=CHUNK_SIZE)
        )
        return self.with_evidence(rows, verdicts)


@export_schema(CSV, "One row per verdict; UTF-8 with a byte order mark.")
class VerdictCsvExport(VerdictExportView):
    media_type = CSV
    filename = "verdicts.csv"

    def stream(self, verdicts):
        rows = map(exports.verdict_csv_row, self.verdict_rows(verdicts))
        return exports.csv_lines(exports.CSV_COLUMNS, rows)


@export_schema(
    WEB_ANNOTATION,
    "One W3C AnnotationCollection: each verdict an Annotation (JSON-LD).",
    body=OpenApiTypes.OBJECT,
)
class WebAnnotationExport(VerdictExportView):
    media_type = WEB_ANNOTATION
    filename = "annotations.jsonld"

    def stream(self, verdicts):
        verdict_url = self.url_for("api:verdict-list")
        article_url = self.url_for("api:article-list")
        annotations = (
            linked_data.web_annotation(row, verdict_url=verdict_url, article_url=article_url)
            for row in self.verdict_rows(verdicts)
        )
        collection_id = self.request.build_absolute_uri()
        return linked_data.annotation_collection(collection_id, "Fact-check verdicts", annotations)


@export_schema(
    JSON_LD,
    "A JSON array of schema.org ClaimReviews, one per published fact check, each with the "
    "address of its public page.",
    body={"type": "array", "items": {"type": "object"}},
)
class ClaimReviewExport(ExportView):
    # Published fact checks are public: blind review hides nothing of them.
    queryset = Span.objects.filter(publication__published_at__isnull=False)
    filterset_class = SpanFilter
    media_type = JSON_LD
    filename = "claimreview.jsonld"

    def stream(self, spans):
        checks = (
            publishing.published_checks()
            .filter(span__in=spans.values("pk"))
            .order_by("span_id")
            .iterator(chunk_size=CHUNK_SIZE)
        )
        request = self.request
        return linked_data.json_array(publishing.claim_review(check, request) for check in checks)
