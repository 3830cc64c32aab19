"""REST API resource: articles (their metadata, text revisions, and ?include=spans)."""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from annotations import services
from annotations.api.inputs import ArticleCreateInput, ArticleReviseInput, ArticleUpdateInput
from annotations.api.serializers import (
    ArticleListSerializer,
    ArticleRevisionSerializer,
    ArticleSerializer,
    ConflictSerializer,
)
from annotations.api.views import ApiDefaults, created_response
from annotations.assignments import assignees_prefetch
from annotations.filters import ArticleFilter
from annotations.models import Article, Span

INCLUDE_PARAMETER = OpenApiParameter(
    "include", OpenApiTypes.STR, enum=["spans"], description="Embed each article's spans."
)


@extend_schema_view(
    list=extend_schema(
        summary="List articles (without their text)", parameters=[INCLUDE_PARAMETER]
    ),
    retrieve=extend_schema(summary="An article with its text", parameters=[INCLUDE_PARAMETER]),
    create=extend_schema(
        summary="Import an article from JSON",
        request=ArticleCreateInput,
        responses={201: ArticleSerializer, 409: ConflictSerializer},
    ),
    partial_update=extend_schema(
        summary="Change an article's metadata",
        request=ArticleUpdateInput,
        responses={200: ArticleSerializer},
    ),
)
class ArticleViewSet(
    ApiDefaults, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    queryset = Article.objects.select_related("created_by")
    filterset_class = ArticleFilter
    extra_query_parameters = (*ApiDefaults.extra_query_parameters, "include")
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        return {
            "list": ArticleListSerializer,
            "create": ArticleCreateInput,
            "partial_update": ArticleUpdateInput,
            "revise": ArticleReviseInput,
        }.get(self.action, ArticleSerializer)

    def get_queryset(self):
        queryset = super().get_queryset().prefetch_related(assignees_prefetch())
        if self.action == "list":
            queryset = queryset.defer("text")
        if self.spans_included():
            ordered = Span.objects.with_verdicts().order_by("start", "-end", "id")
            queryset = queryset.prefetch_related(
                Prefetch("spans", queryset=ordered, to_attr="span_list")
            )
        return queryset

    def spans_included(self) -> bool:
        """Whether ?include=spans asks for each article's spans (400 for anything else)."""
        if self.request is None:
            return False
        include = self.request.query_params.get("include", "")
        if include not in ("", "spans"):
            raise ValidationError({"include": ["Only spans can be included: include=spans"]})
        return include == "spans"

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        article = services.article_create(user=request.user, **serializer.validated_data)
        data = ArticleSerializer(article, context=self.get_serializer_context()).data
        return created_response(request, data, "api:article-detail", article.pk)

    def partial_update(self, request, pk=None):
        article = self.get_object()
        serializer = self.get_serializer(article, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        article = services.article_update(
            user=request.user, article=article, **serializer.validated_data
        )
        return Response(ArticleSerializer(article, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Revise the text; spans are re-anchored, or kept as orphaned",
        responses={200: ArticleRevisionSerializer, 409: ConflictSerializer},
    )
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        article = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        orphaned = services.article_revise_text(
            user=request.user, article=article, text=serializer.validated_data["text"]
        )
        # Read back: spans prefetched for ?include=spans were re-anchored meanwhile.
        article = self.get_queryset().get(pk=article.pk)
        revision = {"article": article, "orphaned_spans": [span.pk for span in orphaned]}
        return Response(
            ArticleRevisionSerializer(revision, context=self.get_serializer_context()).data
        )
