"""A claim's discussion over the API: `GET`/`POST /api/spans/{id}/comments/` (the thread,
oldest first, and a new comment) and `GET`/`PATCH`/`DELETE /api/comments/{id}/`.

Writes call the comment services, which hold the rules (who may, the text, blind review).
Under blind review a thread sealed for the caller is a 403 with the reason, and its
comments are not found (404) one by one (`blind.thread_hidden`, `blind.visible_comments`).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from annotations import blind, discussion, services
from annotations.api.inputs import (
    CommentInput,
)
from annotations.api.serializers import (
    CommentSerializer,
)
from annotations.api.views import ApiDefaults, created_response
from annotations.models import Comment, Span
from annotations.services.comments import THREAD_SEALED

CLAIM_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The claim's (span's) id."
)


def comments_shown() -> QuerySet[Comment]:
    """Comments with everything the API shows of them, in a fixed number of queries."""
    return discussion.with_people(Comment.objects.select_related("span"))


@extend_schema_view(
    get=extend_schema(
        summary="A claim's discussion, oldest first",
        description="Under blind review, a claim you have not judged: 403 until you do.",
        parameters=[CLAIM_ID],
        responses=CommentSerializer(many=True),
    ),
    post=extend_schema(
        summary="Comment on a claim",
        parameters=[CLAIM_ID],
        request=CommentInput,
        responses={201: CommentSerializer},
    ),
)
class SpanCommentsView(ApiDefaults, GenericAPIView):
    serializer_class = CommentSerializer

    def get_serializer_class(self):
        writes = self.request is not None and self.request.method == "POST"
        return CommentInput if writes else CommentSerializer

    def get_span(self) -> Span:
        return get_object_or_404(Span.objects.select_related("article"), pk=self.kwargs["pk"])

    def get_queryset(self):
        return comments_shown()

    def get(self, request, pk):
        span = self.get_span()
        if blind.thread_hidden(request.user, span):
            raise PermissionDenied(THREAD_SEALED)
        comments = self.filter_queryset(self.get_queryset().filter(span=span))
        page = self.paginate_queryset(comments)
        data = CommentSerializer(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    def post(self, request, pk):
        span = self.get_span()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = services.comment_create(
            user=request.user, span=span, text=serializer.validated_data["text"]
        )
        data = self.comment_data(comment)
        return created_response(request, data, "api:comment-detail", comment.pk)

    def comment_data(self, comment: Comment) -> dict:
        """The comment as stored now, read with everything the API shows of it."""
        stored = self.get_queryset().get(pk=comment.pk)
        return CommentSerializer(stored, context=self.get_serializer_context()).data


@extend_schema_view(
    retrieve=extend_schema(summary="A comment"),
    partial_update=extend_schema(
        summary="Correct your comment (moderators: anyone's)",
        request=CommentInput,
        responses=CommentSerializer,
    ),
    destroy=extend_schema(summary="Delete your comment (moderators: anyone's)"),
)
class CommentViewSet(
    ApiDefaults,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_queryset(self):
        # A comment on a claim sealed for the caller is not there for them.
        return blind.visible_comments(comments_shown(), self.request.user)

    def get_serializer_class(self):
        return CommentInput if self.action == "partial_update" else CommentSerializer

    def partial_update(self, request, pk=None):
        comment = self.get_object()
        serializer = self.get_serializer(comment, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        # Without `text` nothing changes, but the caller must still be allowed to change it.
        text = serializer.validated_data.get("text", comment.text)
        services.comment_update(user=request.user, comment=comment, text=text)
        stored = self.get_queryset().get(pk=comment.pk)
        return Response(CommentSerializer(stored, context=self.get_serializer_context()).data)

    def perform_destroy(self, instance):
        services.comment_delete(user=self.request.user, comment=instance)
