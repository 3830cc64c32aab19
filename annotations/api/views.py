"""REST API resources: spans and verdicts over the services, and the user's token (articles
are in article_views.py, the bulk import in import_views.py, statistics in stats_views.py).

Each viewset is built from only the mixins it needs; every write calls a service, which
checks permissions (PermissionDenied → 403) and content (ValidationError → 400).
"""

from functools import cached_property

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import blind, services
from annotations.api.exceptions import etag
from annotations.api.inputs import (
    ModerationInput,
    NoInput,
    PublicationInput,
    SettleInput,
    SpanCreateInput,
    SpanUpdateInput,
    VerdictCreateInput,
    VerdictUpdateInput,
)
from annotations.api.pagination import RankedPagination
from annotations.api.parsers import SafeJSONParser
from annotations.api.renderers import API_RENDERERS
from annotations.api.serializers import (
    ConflictSerializer,
    PublishedSpanSerializer,
    SpanSerializer,
    StaleVersionSerializer,
    TokenSerializer,
    VerdictSerializer,
)
from annotations.filters import SpanFilter, StrictFilterBackend, VerdictFilter
from annotations.models import Span, Verdict


class ApiDefaults:
    parser_classes = [SafeJSONParser]
    renderer_classes = API_RENDERERS
    filter_backends = [StrictFilterBackend]
    # Accepted besides the filters; anything else is a 400 (see StrictFilterBackend).
    extra_query_parameters = ("cursor", "page_size", "format")


def created_response(request, data, route: str, pk: int, *, headers=None) -> Response:
    """201 with the new row and its address in Location."""
    location = request.build_absolute_uri(reverse(route, kwargs={"pk": pk}))
    return Response(
        data, status=status.HTTP_201_CREATED, headers={"Location": location, **(headers or {})}
    )


@extend_schema_view(
    list=extend_schema(summary="List spans (claims) with their verdicts"),
    retrieve=extend_schema(summary="A span with its verdicts"),
    create=extend_schema(
        summary="Highlight a claim (joins the span if the range is highlighted already)",
        description=(
            "With `verdict`, your verdict is stored with the highlight in one transaction "
            "(the ETag header is its version); if you judged the joined span already, the "
            "answer is 409 pointing at that verdict and nothing is stored."
        ),
        request=SpanCreateInput,
        responses={201: SpanSerializer, 200: SpanSerializer, 409: ConflictSerializer},
    ),
    partial_update=extend_schema(
        summary="Change the restated claim or the speaker",
        request=SpanUpdateInput,
        responses=SpanSerializer,
    ),
    destroy=extend_schema(summary="Delete a claim and its verdicts"),
)
class SpanViewSet(
    ApiDefaults,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Span.objects.with_verdicts()
    filterset_class = SpanFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    extra_query_parameters = (*ApiDefaults.extra_query_parameters, "page")

    @cached_property
    def paginator(self):
        """Search results (`?q=`) come best first, a numbered page at a time."""
        if self.action == "list" and "q" in self.request.query_params:
            return RankedPagination()
        return super().paginator

    def get_serializer_class(self):
        return {
            "create": SpanCreateInput,
            "partial_update": SpanUpdateInput,
            "settle": SettleInput,
            "approve": ModerationInput,
            "reject": ModerationInput,
            "reopen": ModerationInput,
            "publish": PublicationInput,
            "publication": PublicationInput,
            "unpublish": NoInput,
        }.get(self.action, SpanSerializer)

    def span_response(
        self, span: Span, *, headers=None, serializer_class=SpanSerializer
    ) -> Response:
        """The span as stored now, read with everything the API shows of it."""
        span = self.get_queryset().get(pk=span.pk)
        data = serializer_class(span, context=self.get_serializer_context()).data
        return Response(data, headers=headers)

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = serializer.validated_data
        if "verdict" not in fields:
            span, created = services.span_create(user=request.user, **fields)
            return self.created_or_joined(span, created)
        span, created, verdict = services.span_create_judged(user=request.user, **fields)
        if created:
            span.verdict_list = [verdict]
        return self.created_or_joined(span, created, headers={"ETag": etag(verdict.version)})

    def created_or_joined(self, span: Span, created: bool, *, headers=None) -> Response:
        """201 for a new span (shown as the service loaded it), 200 with the joined one."""
        if not created:
            return self.span_response(span, headers=headers)
        data = SpanSerializer(span, context=self.get_serializer_context()).data
        return created_response(self.request, data, "api:span-detail", span.pk, headers=headers)

    def partial_update(self, request, pk=None):
        span = self.get_object()
        serializer = self.get_serializer(span, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        span = services.span_update(user=request.user, span=span, **serializer.validated_data)
        return self.span_response(span)

    def perform_destroy(self, instance):
        services.span_delete(user=self.request.user, span=instance)

    def moderate(self, service, request, *, serializer_class=SpanSerializer) -> Response:
        span = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        service(user=request.user, span=span, **serializer.validated_data)
        return self.span_response(span, serializer_class=serializer_class)

    @extend_schema(
        summary="Moderators: set the final verdict and approve", responses=SpanSerializer
    )
    @action(detail=True, methods=["post"])
    def settle(self, request, pk=None):
        return self.moderate(services.span_settle, request)

    @extend_schema(
        summary="Moderators: approve with the majority verdict", responses=SpanSerializer
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self.moderate(services.span_approve, request)

    @extend_schema(summary="Moderators: reject the claim", responses=SpanSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self.moderate(services.span_reject, request)

    @extend_schema(summary="Moderators: back to the queue", responses=SpanSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self.moderate(services.span_reopen, request)

    @extend_schema(
        summary="Moderators: publish the settled claim as a public fact check (or update it)",
        responses=PublishedSpanSerializer,
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self.moderate(
            services.span_publish, request, serializer_class=PublishedSpanSerializer
        )

    @extend_schema(summary="Moderators: take the public fact check down", responses=SpanSerializer)
    @action(detail=True, methods=["post"])
    def unpublish(self, request, pk=None):
        return self.moderate(services.span_unpublish, request)

    @extend_schema(
        summary="Moderators: write the explanation and choose the evidence shown, before or "
        "after publishing",
        responses=PublishedSpanSerializer,
    )
    @action(detail=True, methods=["patch"])
    def publication(self, request, pk=None):
        return self.moderate(
            services.publication_edit, request, serializer_class=PublishedSpanSerializer
        )


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='The ETag you loaded, e.g. "3". Optional; when it is stale the answer is 412.',
)


def _expected_version(request, verdict: Verdict) -> int | None:
    """The version an If-Match header asks to change, or None without the header.

    If-Match compares strongly (RFC 9110): a weak or different tag fails with 412; the
    service checks the version again under a row lock, so a race is caught too.
    """
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    if etag(verdict.version) in {tag.strip() for tag in header.split(",")}:
        return verdict.version
    raise services.StaleVersion(current_version=verdict.version)


@extend_schema_view(
    list=extend_schema(summary="List verdicts"),
    retrieve=extend_schema(summary="A verdict, with its version as the ETag"),
    create=extend_schema(
        summary="Judge a claim",
        request=VerdictCreateInput,
        responses={201: VerdictSerializer, 409: ConflictSerializer},
    ),
    update=extend_schema(
        summary="Replace your verdict (label, rationale, evidence)",
        parameters=[IF_MATCH],
        responses={200: VerdictSerializer, 412: StaleVersionSerializer},
    ),
    partial_update=extend_schema(
        summary="Change part of your verdict",
        parameters=[IF_MATCH],
        responses={200: VerdictSerializer, 412: StaleVersionSerializer},
    ),
    destroy=extend_schema(summary="Withdraw your verdict"),
)
class VerdictViewSet(
    ApiDefaults,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Verdict.objects.with_evidence().select_related("span")
    filterset_class = VerdictFilter

    def get_queryset(self):
        # Under blind review an editor sees no verdict on a claim before giving their own.
        return blind.visible_verdicts(super().get_queryset(), self.request.user)

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return VerdictUpdateInput
        if self.action == "create":
            return VerdictCreateInput
        return VerdictSerializer

    def verdict_data(self, verdict: Verdict) -> dict:
        return VerdictSerializer(verdict, context=self.get_serializer_context()).data

    def retrieve(self, request, pk=None):
        verdict = self.get_object()
        tag = etag(verdict.version)
        if tag in {value.strip() for value in request.headers.get("If-None-Match", "").split(",")}:
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": tag})
        return Response(self.verdict_data(verdict), headers={"ETag": tag})

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # The new verdict comes from the service with its evidence: nothing to read back.
        verdict = services.verdict_create(user=request.user, **serializer.validated_data)
        return created_response(
            request,
            self.verdict_data(verdict),
            "api:verdict-detail",
            verdict.pk,
            headers={"ETag": etag(verdict.version)},
        )

    def update(self, request, pk=None, partial=False):
        verdict = self.get_object()
        # The body is checked first: a malformed request is a 400 whatever its If-Match says.
        serializer = self.get_serializer(verdict, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        changes = serializer.validated_data
        expected_version = _expected_version(request, verdict)
        verdict = services.verdict_update(
            user=request.user,
            verdict=verdict,
            label=changes.get("label"),
            rationale=changes.get("rationale"),
            evidence=changes.get("evidence"),
            expected_version=expected_version,
        )
        verdict = self.get_queryset().get(pk=verdict.pk)
        return Response(self.verdict_data(verdict), headers={"ETag": etag(verdict.version)})

    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    def perform_destroy(self, instance):
        services.verdict_delete(user=self.request.user, verdict=instance)


class TokenView(APIView):
    """Your own API token: POST issues a new one (the old one stops working), DELETE revokes."""

    parser_classes = [SafeJSONParser]
    renderer_classes = API_RENDERERS

    @extend_schema(summary="Issue a new API token", request=None, responses={201: TokenSerializer})
    def post(self, request):
        token = services.api_token_regenerate(user=request.user)
        return Response(TokenSerializer(token).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Revoke your API token", request=None, responses={204: OpenApiResponse()}
    )
    def delete(self, request):
        services.api_token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
