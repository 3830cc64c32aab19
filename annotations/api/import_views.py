"""The bulk import over the API: POST /api/imports/ (annotations.services.imports)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations.api.renderers import API_RENDERERS
from annotations.api.serializers import ErrorSerializer
from annotations.services.imports import (
    IdempotencyKeyReused,
    ImportRejected,
    Problem,
    import_once,
    import_records,
    records_of_body,
)

IMPORT_MEDIA_TYPES = ("application/jsonl", "application/x-ndjson", "application/json")
IMPORT_REASON = "Imported over the API"
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=(
        "Optional, up to 255 visible ASCII characters: a retry with the same key and body "
        "gets the first answer (header Idempotent-Replayed: true) and imports nothing; the "
        "same key with another body is a 422. Keys are kept for 24 hours."
    ),
)


# The answers, for the schema.


class ImportedArticleSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="Line (JSONL) or position (JSON array), from 1.")
    ref = serializers.JSONField(help_text="The article's ref (or id) in the request.")
    id = serializers.IntegerField(help_text="The stored article.")


class ImportedSpanSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    id = serializers.IntegerField(help_text="The stored span.")
    created = serializers.BooleanField(help_text="False: the range was stored; you joined it.")
    verdicts = serializers.ListField(child=serializers.IntegerField())


class ImportCountsSerializer(serializers.Serializer):
    articles = serializers.IntegerField()
    spans = serializers.IntegerField(help_text="Spans created.")
    joined = serializers.IntegerField(help_text="Stored spans joined.")
    verdicts = serializers.IntegerField()
    evidence = serializers.IntegerField()
    publications = serializers.IntegerField(help_text="Publications stored (and drafts).")


class ImportResultSerializer(serializers.Serializer):
    articles = ImportedArticleSerializer(many=True)
    spans = ImportedSpanSerializer(many=True)
    counts = ImportCountsSerializer()


class ImportProblemSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="0: the request as a whole.")
    field = serializers.CharField(help_text='A path such as "verdicts[1].label"; "" for all.')
    message = serializers.CharField()


class ImportRejectedSerializer(ErrorSerializer):
    problems = ImportProblemSerializer(many=True)


class ImportView(APIView):
    """Many records in one request, all or nothing (annotations.services.imports)."""

    renderer_classes = API_RENDERERS
    # The body is read as bytes and decoded record by record, so every bad line is reported.
    parser_classes = []

    @extend_schema(
        summary="Bulk import: articles, spans, verdicts and evidence (JSONL or a JSON array)",
        description=(
            "The JSONL export's records, one per line (`application/jsonl`), or a JSON array "
            "of them (`application/json`), up to 12 MB. A span names its article by the "
            "`ref` (or `id`) of an article record earlier in the request, or by a stored "
            "article's id; a range highlighted already is joined. Everything is stored as "
            "your own work, or nothing is: any bad record gives a 400 listing every problem "
            "with its line and field."
        ),
        parameters=[IDEMPOTENCY_KEY],
        request={
            "application/jsonl": OpenApiTypes.STR,
            "application/json": {"type": "array", "items": {"type": "object"}},
        },
        responses={
            201: ImportResultSerializer,
            400: ImportRejectedSerializer,
            413: OpenApiResponse(description="The body is larger than 12 MB."),
            415: OpenApiResponse(description="Not JSONL nor JSON."),
            422: OpenApiResponse(description="Idempotency-Key reused with another body."),
        },
    )
    def post(self, request):
        media_type = request.content_type.split(";")[0].strip().lower()
        if media_type not in IMPORT_MEDIA_TYPES and request.body:
            detail = f"Send application/jsonl or a JSON array, not {media_type or 'nothing'}."
            return Response({"detail": detail}, status=status.HTTP_415_UNSUPPORTED_MEDIA_TYPE)
        key = request.headers.get("Idempotency-Key")
        if key is not None and not (0 < len(key) <= 255 and key.isascii() and key.isprintable()):
            message = "Give 1 to 255 visible ASCII characters."
            return rejected_response(ImportRejected([Problem(0, "Idempotency-Key", message)]))
        body = request.body
        try:
            records = records_of_body(body, media_type)
            if not records:
                raise ImportRejected([])
            if key is None:
                result = import_records(records, user=request.user, reason=IMPORT_REASON)
                answer, replayed = result.as_json(), False
            else:
                answer, replayed = import_once(
                    records, user=request.user, key=key, body=body, reason=IMPORT_REASON
                )
        except ImportRejected as rejected:
            return rejected_response(rejected)
        except IdempotencyKeyReused as error:
            return Response({"detail": str(error)}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
        headers = {"Idempotent-Replayed": "true"} if replayed else {}
        return Response(answer, status=status.HTTP_201_CREATED, headers=headers)


def rejected_response(rejected: ImportRejected) -> Response:
    problems = [problem.as_json() for problem in rejected.problems]
    records = {problem.line for problem in rejected.problems if problem.line}
    if records:
        detail = f"Nothing was imported: {len(records)} record(s) have problems."
    elif problems:
        detail = "Nothing was imported: " + " ".join(p.message for p in rejected.problems)
    else:
        detail = "Nothing was imported: the body holds no records."
    return Response({"detail": detail, "problems": problems}, status=status.HTTP_400_BAD_REQUEST)
