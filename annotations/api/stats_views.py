"""Statistics over the API: how far reviewers agree."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import roles
from annotations.api.renderers import API_RENDERERS
from annotations.api.serializers import AgreementQuery, AgreementSerializer
from annotations.statistics import reviewer_agreement


class AgreementView(APIView):
    renderer_classes = API_RENDERERS

    @extend_schema(
        summary="Reviewer agreement: Krippendorff's alpha and observed agreement",
        description=(
            "Over the verdicts given in the period (on one article if asked): among all "
            "reviewers; one `reviewer` against the label most of the others gave; or a pair, "
            "`reviewer_a` and `reviewer_b`, on the claims both judged. Units are claims with "
            "two verdicts or more; alpha is null when there is not enough data to say."
        ),
        parameters=[AgreementQuery],
        responses=AgreementSerializer,
    )
    def get(self, request):
        roles.require_editor(request.user)
        query = AgreementQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        asked = query.validated_data
        pair = (asked["reviewer_a"], asked["reviewer_b"]) if "reviewer_a" in asked else None
        result = reviewer_agreement(
            article=asked.get("article"),
            reviewer=asked.get("reviewer"),
            pair=pair,
            created_after=asked.get("created_after"),
            created_before=asked.get("created_before"),
        )
        return Response(AgreementSerializer(result.as_json()).data)
