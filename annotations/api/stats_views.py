"""Statistics over the API: how far reviewers agree."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from annotations import roles
from annotations.api.inputs import (
    StrictInput,
)
from annotations.api.renderers import API_RENDERERS
from annotations.filters import MAX_ID
from annotations.statistics import reviewer_agreement

User = get_user_model()


class AgreementQuery(StrictInput):
    """The parameters of GET /api/stats/agreement/."""

    article = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    reviewer = serializers.CharField(
        required=False, help_text="This reviewer against the others' majority label."
    )
    reviewer_a = serializers.CharField(required=False, help_text="With reviewer_b: a pair.")
    reviewer_b = serializers.CharField(required=False)
    created_after = serializers.DateTimeField(
        required=False, help_text="Verdicts given at or after this time (or date)."
    )
    created_before = serializers.DateTimeField(
        required=False, help_text="Verdicts given before this time (or date)."
    )

    def to_internal_value(self, data):
        # An empty value would mean "not given" to DRF: a script that sent one meant more.
        empty = sorted(name for name, value in data.items() if value == "")
        if empty:
            raise serializers.ValidationError(
                {name: ["Give a value, or leave the parameter out."] for name in empty}
            )
        return super().to_internal_value(data)

    def validate(self, attrs):
        pair = [name for name in ("reviewer_a", "reviewer_b") if name in attrs]
        if len(pair) == 1:
            missing = ({"reviewer_a", "reviewer_b"} - set(pair)).pop()
            raise serializers.ValidationError({missing: ["Give reviewer_a and reviewer_b."]})
        if pair and "reviewer" in attrs:
            raise serializers.ValidationError(
                {"reviewer": ["Give reviewer, or reviewer_a and reviewer_b, not both."]}
            )
        names = [attrs[name] for name in ("reviewer", "reviewer_a", "reviewer_b") if name in attrs]
        known = set(User.objects.filter(username__in=names).values_list("username", flat=True))
        errors = {
            name: [f"There is no user {attrs[name]!r}."]
            for name in ("reviewer", "reviewer_a", "reviewer_b")
            if name in attrs and attrs[name] not in known
        }
        if errors:
            raise serializers.ValidationError(errors)
        after, before = attrs.get("created_after"), attrs.get("created_before")
        if after and before and after >= before:
            raise serializers.ValidationError(
                {"created_before": ["Must be later than created_after."]}
            )
        return attrs


class AgreementSerializer(serializers.Serializer):
    alpha = serializers.FloatField(
        allow_null=True,
        help_text="Krippendorff's alpha (nominal); null without enough data or variation.",
    )
    observed_agreement = serializers.FloatField(
        allow_null=True, help_text="Share of agreeing pairs of labels within claims."
    )
    units = serializers.IntegerField(help_text="Claims with two verdicts or more.")
    pairable_values = serializers.IntegerField(help_text="Verdicts on those claims.")
    reviewers = serializers.IntegerField()


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
