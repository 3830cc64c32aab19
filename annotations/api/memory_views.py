"""Claim memory over the API: "Seen before" (`GET /api/spans/{id}/similar/`) and the links
reviewers confirm between claims (`GET`/`POST /api/spans/{id}/links/`,
`DELETE /api/spans/{id}/links/{other}/`). Search is the span list's `?q=` (api/views.py).

The rules (who may link, which claims) are the memory services'; blind review applies to
what a suggestion shows, as everywhere.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from annotations.api.inputs import ClaimLinkInput, SimilarQueryInput
from annotations.api.serializers import ClaimLinkSerializer, SimilarClaimSerializer
from annotations.api.views import ApiDefaults
from annotations.models import ClaimLink, Span
from annotations.services import memory

CLAIM_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The claim's (span's) id."
)


def claim_in_url(view) -> Span:
    return get_object_or_404(Span.objects.select_related("article"), pk=view.kwargs["pk"])


@extend_schema(
    summary="Seen before: the most similar claims in other articles, best first",
    description="Each with its article, quote, consensus and final verdict (hidden under "
    "blind review until you judge that claim), a score from 0 to 1, and the link a reviewer "
    "confirmed, if any. Claims linked to this one are always listed; a claim ruled out "
    '("different") is never suggested again, only listed as such.',
    parameters=[CLAIM_ID, SimilarQueryInput],
    responses=SimilarClaimSerializer(many=True),
)
class SimilarClaimsView(ApiDefaults, GenericAPIView):
    queryset = Span.objects.none()  # for the schema's path parameter
    serializer_class = SimilarClaimSerializer
    pagination_class = None

    def get(self, request, pk):
        span = claim_in_url(self)
        asked = SimilarQueryInput(data=request.query_params.dict())
        asked.is_valid(raise_exception=True)
        suggestions = memory.similar_claims(request.user, span, **asked.validated_data)
        return Response(self.get_serializer(suggestions, many=True).data)


@extend_schema_view(
    get=extend_schema(
        summary="The claims linked to this one (the same claim, or ruled out)",
        parameters=[CLAIM_ID],
        responses=ClaimLinkSerializer(many=True),
    ),
    post=extend_schema(
        summary="Link this claim to a claim in another article (same, or not the same)",
        description="Setting a link again changes its relation. Editors and moderators.",
        parameters=[CLAIM_ID],
        request=ClaimLinkInput,
        responses={201: ClaimLinkSerializer},
    ),
)
class ClaimLinksView(ApiDefaults, GenericAPIView):
    queryset = Span.objects.none()  # for the schema's path parameter
    serializer_class = ClaimLinkSerializer
    pagination_class = None

    def get_serializer_class(self):
        writes = self.request is not None and self.request.method == "POST"
        return ClaimLinkInput if writes else ClaimLinkSerializer

    def get(self, request, pk):
        span = claim_in_url(self)
        links = ClaimLink.objects.filter(Q(span=span) | Q(other=span)).select_related("created_by")
        return Response(ClaimLinkSerializer(links, many=True).data)

    def post(self, request, pk):
        span = claim_in_url(self)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        link = memory.link_set(user=request.user, span=span, **serializer.validated_data)
        return Response(ClaimLinkSerializer(link).data, status=status.HTTP_201_CREATED)


@extend_schema(
    summary="Remove the link between two claims (they may be suggested again)",
    parameters=[
        CLAIM_ID,
        OpenApiParameter(
            "other", OpenApiTypes.INT, OpenApiParameter.PATH, description="The other claim."
        ),
    ],
    responses={204: None},
)
class ClaimLinkView(ApiDefaults, GenericAPIView):
    queryset = Span.objects.none()  # for the schema's path parameter
    serializer_class = ClaimLinkSerializer

    def delete(self, request, pk, other):
        span = claim_in_url(self)
        memory.link_delete(
            user=request.user, span=span, other=Span.objects.filter(pk=other).first()
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
