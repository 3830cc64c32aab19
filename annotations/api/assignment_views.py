"""An article's reviewers over the API: `GET`/`POST /api/articles/{id}/assignments/` (who is
assigned; assign someone, or give someone assigned a new due date) and
`GET`/`DELETE /api/articles/{id}/assignments/{username}/` (one assignment; unassign).

Writes call the assignment services, which hold the rules: only moderators assign (403
otherwise), and only to an editor or a moderator (400 naming `reviewer`). Assigning someone
assigned already is not a conflict: the answer is 200 with the assignment, its due date now
the one sent (none when none was sent), so a script can send the desk's plan again safely.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from annotations import services
from annotations.api.inputs import (
    AssignmentInput,
    account_named,
)
from annotations.api.serializers import (
    AssignmentSerializer,
)
from annotations.api.views import ApiDefaults
from annotations.assignments import REVIEWER_ORDER
from annotations.models import Article, Assignment, unread_person_fields

ARTICLE_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The article's id."
)
USERNAME = OpenApiParameter(
    "username", OpenApiTypes.STR, OpenApiParameter.PATH, description="The assignee's username."
)


def assignments_shown():
    """Assignments with everything the API shows of them, in one query."""
    return (
        Assignment.objects.select_related("reviewer", "assigned_by")
        .defer(*unread_person_fields("reviewer"), *unread_person_fields("assigned_by"))
        .order_by(*REVIEWER_ORDER)
    )


class AssignmentViewBase(ApiDefaults, GenericAPIView):
    # Not paginated (an article has a handful of reviewers): no cursor, no page size.
    pagination_class = None
    extra_query_parameters = ("format",)

    def get_queryset(self):
        return assignments_shown()

    def assignment_data(self, assignment: Assignment) -> dict:
        """The assignment as stored now, read with everything the API shows of it."""
        stored = assignments_shown().get(pk=assignment.pk)
        return AssignmentSerializer(stored, context=self.get_serializer_context()).data


class ArticleAssignmentsView(AssignmentViewBase):
    def get_serializer_class(self):
        if self.request and self.request.method == "POST":
            return AssignmentInput
        return AssignmentSerializer

    @extend_schema(
        summary="Who an article is assigned to, by name",
        parameters=[ARTICLE_ID],
        responses=AssignmentSerializer(many=True),
    )
    def get(self, request, pk):
        article = get_object_or_404(Article, pk=pk)
        assignments = self.filter_queryset(self.get_queryset()).filter(article=article)
        return Response(AssignmentSerializer(assignments, many=True).data)

    @extend_schema(
        summary="Moderators: assign the article to a reviewer (or change their due date)",
        description=(
            "201 for a new assignment. The reviewer assigned already: 200, with the due date "
            "sent (none when none was sent)."
        ),
        parameters=[ARTICLE_ID],
        request=AssignmentInput,
        responses={201: AssignmentSerializer, 200: AssignmentSerializer},
    )
    def post(self, request, pk):
        article = get_object_or_404(Article, pk=pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignment, created = services.assignment_set(
            user=request.user, article=article, **serializer.validated_data
        )
        data = self.assignment_data(assignment)
        if not created:
            return Response(data)
        location = reverse(
            "api:assignment-detail",
            kwargs={"pk": article.pk, "username": assignment.reviewer.get_username()},
        )
        return Response(
            data,
            status=status.HTTP_201_CREATED,
            headers={"Location": request.build_absolute_uri(location)},
        )


class AssignmentView(AssignmentViewBase):
    serializer_class = AssignmentSerializer

    def get_object(self) -> Assignment:
        reviewer = account_named(self.kwargs["username"])
        if reviewer is None:
            raise Http404("No such assignment.")
        assignments = self.filter_queryset(self.get_queryset())
        return get_object_or_404(assignments, article_id=self.kwargs["pk"], reviewer=reviewer)

    @extend_schema(
        summary="One reviewer's assignment to an article",
        parameters=[ARTICLE_ID, USERNAME],
        responses=AssignmentSerializer,
    )
    def get(self, request, pk, username):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Moderators: unassign the reviewer",
        parameters=[ARTICLE_ID, USERNAME],
        responses={204: OpenApiResponse(description="Unassigned; the history keeps it.")},
    )
    def delete(self, request, pk, username):
        services.assignment_delete(user=request.user, assignment=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
