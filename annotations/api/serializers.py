"""API serializers: small input serializers check what a request sends; one read serializer
per resource says what the API shows, and the OpenAPI schema is generated from it.

What the content may be (offsets in range, quote matching the text, lengths, URLs, forbidden
characters, who may do what) is decided by annotations.services, so the pages and the API
apply the very same rules. Types are strict: a string is never taken for a number, nor a
number for a string, and a key the resource does not have is an error, not silently dropped.
"""

from collections.abc import Mapping
from functools import cache

from django.contrib.auth import get_user_model
from rest_framework import serializers

from annotations import blind
from annotations.api.fields import (
    ApiUrlField,
    PageUrlField,
    RowIdField,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
    UsernameField,
)
from annotations.api.output import ReadSerializer
from annotations.filters import MAX_ID
from annotations.models import Article, Consensus, Label, Span, label_error
from annotations.text import utf16_to_codepoint

LABEL_ERRORS = {"invalid_choice": label_error("{input}")}
User = get_user_model()


# What the API shows: one read serializer per resource.


class EvidenceSerializer(ReadSerializer):
    url = serializers.CharField(help_text="Link to the source.")
    title = serializers.CharField()
    note = serializers.CharField()


class VerdictSerializer(ReadSerializer):
    """A verdict with its evidence (loaded by VerdictQuerySet.with_evidence, or read now)."""

    id = serializers.IntegerField()
    api_url = ApiUrlField("api:verdict-list")
    span = serializers.IntegerField(source="span_id", help_text="The claim judged.")
    article = serializers.IntegerField(source="span.article_id")
    reviewer = UsernameField()
    label = serializers.ChoiceField(choices=Label.choices)
    rationale = serializers.CharField()
    evidence = EvidenceSerializer(many=True, source="loaded_evidence")
    version = serializers.IntegerField(help_text="Bumped on every change; the ETag.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class SpanSerializer(ReadSerializer):
    """A span with its verdicts (loaded by SpanQuerySet.with_verdicts, or read now), as the
    requesting user may see them: under blind review an editor who has not judged the claim
    gets only `judged_by` (annotations.blind), the judgements empty."""

    id = serializers.IntegerField()
    api_url = ApiUrlField("api:span-list")
    html_url = PageUrlField("annotations:span-detail", help_text="The claim in the reader.")
    article = serializers.IntegerField(source="article_id")
    start = serializers.IntegerField(help_text="Offset of the first character (code points).")
    end = serializers.IntegerField(help_text="Offset just past the last character.")
    quote = serializers.CharField(help_text="The stored text at start..end.")
    prefix = serializers.CharField()
    suffix = serializers.CharField()
    claim = serializers.CharField(help_text="The claim restated.")
    speaker = serializers.CharField()
    created_by = UsernameField(allow_null=True)
    highlighters = UsernameField(many=True, source="loaded_highlighters")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    is_orphaned = serializers.BooleanField()
    judged_by = serializers.IntegerField(
        source="judgements.judged_by", help_text="How many reviewers gave a verdict."
    )
    verdicts_hidden = serializers.BooleanField(
        source="judgements.sealed",
        help_text="Blind review: the judgements show once you give your verdict.",
    )
    consensus = serializers.ChoiceField(
        choices=Consensus.choices,
        source="judgements.consensus",
        help_text="What the verdicts add up to; hidden under blind review until you judge.",
    )
    state = serializers.ChoiceField(choices=Span.State.choices, help_text="Moderation state.")
    final_label = serializers.ChoiceField(
        choices=Label.choices,
        allow_blank=True,
        source="judgements.final_label",
        help_text="Set by a moderator.",
    )
    moderated_by = UsernameField(allow_null=True, source="judgements.moderated_by")
    moderated_at = serializers.DateTimeField(allow_null=True, source="judgements.moderated_at")
    moderation_note = serializers.CharField(source="judgements.moderation_note")
    verdicts = VerdictSerializer(many=True, source="judgements.verdicts")

    def to_representation(self, span: Span) -> dict:
        span.judgements = blind.judgements(self.context["request"].user, span)
        return super().to_representation(span)


class ArticleListSerializer(ReadSerializer):
    """An article without its text (lists stay small); the detail adds `text`."""

    id = serializers.IntegerField()
    api_url = ApiUrlField("api:article-list")
    title = serializers.CharField()
    source = serializers.CharField(help_text="Outlet name.")
    url = serializers.CharField(help_text="Where it was published.")
    byline = serializers.CharField()
    published = serializers.DateField(allow_null=True)
    language = serializers.CharField()
    status = serializers.ChoiceField(choices=Article.Status.choices)
    blind_review = serializers.BooleanField(
        help_text="Editors see colleagues' verdicts on a claim only after giving their own."
    )
    revision = serializers.IntegerField()
    text_sha256 = serializers.CharField()
    created_by = UsernameField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    spans = SpanSerializer(
        many=True,
        source="span_list",
        allow_null=True,
        help_text="Null unless asked for: ?include=spans",
    )


class ArticleSerializer(ArticleListSerializer):
    text = serializers.CharField(help_text="Plain text; stored normalised (NFC, \\n line ends).")


class ArticleRevisionSerializer(serializers.Serializer):
    article = ArticleSerializer(read_only=True)
    orphaned_spans = serializers.ListField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="Ids of spans not found in the new text (kept, marked orphaned).",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, source="key")


# What requests send: one input serializer per kind of request.


@cache
def shown_keys(read_serializer: type[serializers.Serializer]) -> frozenset[str]:
    return frozenset(read_serializer().fields)


class StrictInput(serializers.Serializer):
    """Rejects keys it does not know with 400. The keys of `shown_as` (the resource as the
    API shows it) are accepted and ignored, so a client may send back what it read."""

    shown_as: type[serializers.Serializer] | None = None

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            known = set(self.fields) | (shown_keys(self.shown_as) if self.shown_as else set())
            unknown = sorted(set(data) - known)
            if unknown:
                raise serializers.ValidationError(
                    {str(name): ["Unknown field."] for name in unknown}
                )
        return super().to_internal_value(data)


class EvidenceInput(StrictInput):
    url = StrictCharField(help_text="Link to the source.")
    title = StrictCharField(required=False, allow_blank=True)
    note = StrictCharField(required=False, allow_blank=True)


class VerdictCreateInput(StrictInput):
    shown_as = VerdictSerializer

    span = RowIdField(model=Span, help_text="The claim judged.")
    label = serializers.ChoiceField(choices=Label.choices, error_messages=LABEL_ERRORS)
    rationale = StrictCharField(required=False, allow_blank=True, default="")
    evidence = EvidenceInput(many=True, required=False, default=list)


class VerdictUpdateInput(StrictInput):
    """PUT replaces label, rationale and evidence (missing ones reset); PATCH changes some."""

    shown_as = VerdictSerializer

    span = serializers.IntegerField(
        required=False, help_text="Optional; a verdict stays on the claim it judges."
    )
    label = serializers.ChoiceField(choices=Label.choices, error_messages=LABEL_ERRORS)
    rationale = StrictCharField(required=False, allow_blank=True, default="")
    evidence = EvidenceInput(
        many=True, required=False, default=list, help_text="Replaces the whole list."
    )

    def validate_span(self, span: int) -> int:
        if span != self.instance.span_id:
            raise serializers.ValidationError(
                "A verdict stays on its claim: give a verdict on the other one."
            )
        return span


class SpanVerdictInput(StrictInput):
    """The caller's own verdict, given with the highlight (POST /api/spans/)."""

    label = serializers.ChoiceField(choices=Label.choices, error_messages=LABEL_ERRORS)
    rationale = StrictCharField(required=False, allow_blank=True, default="")
    evidence = EvidenceInput(many=True, required=False, default=list)


class SpanCreateInput(StrictInput):
    shown_as = SpanSerializer

    article = RowIdField(model=Article)
    start = StrictIntegerField(help_text="Offset of the first character (see offset_unit).")
    end = StrictIntegerField(help_text="Offset just past the last character.")
    offset_unit = serializers.ChoiceField(
        choices=[("codepoint", "Unicode code points"), ("utf16", "UTF-16 code units")],
        default="codepoint",
        help_text="How start and end count the stored text; the response shows code points.",
    )
    quote = StrictCharField(
        required=False,
        help_text="Recommended: checked against the stored text at the offsets (400 if not).",
    )
    claim = StrictCharField(required=False, allow_blank=True, help_text="The claim restated.")
    speaker = StrictCharField(required=False, allow_blank=True)
    verdict = SpanVerdictInput(
        required=False,
        help_text="Optional: your verdict on the claim, stored with it in one transaction.",
    )

    def validate(self, attrs):
        if attrs.pop("offset_unit") == "utf16":
            text = attrs["article"].text
            errors = {}
            for name in ("start", "end"):
                try:
                    attrs[name] = utf16_to_codepoint(text, attrs[name])
                except ValueError as error:
                    errors[name] = [str(error)]
            if errors:
                raise serializers.ValidationError(errors)
        return attrs


class SpanUpdateInput(StrictInput):
    """Only the restated claim and the speaker change; the range is fixed once highlighted."""

    shown_as = SpanSerializer

    claim = StrictCharField(required=False, allow_blank=True, help_text="The claim restated.")
    speaker = StrictCharField(required=False, allow_blank=True)


class ModerationInput(StrictInput):
    note = StrictCharField(required=False, allow_blank=True, default="")


class SettleInput(ModerationInput):
    final_label = serializers.ChoiceField(choices=Label.choices, error_messages=LABEL_ERRORS)


class ArticleCreateInput(StrictInput):
    shown_as = ArticleSerializer

    title = StrictCharField()
    text = StrictCharField(help_text="Plain text; stored normalised (NFC, \\n line ends).")
    source = StrictCharField(required=False, allow_blank=True, help_text="Outlet name.")
    url = StrictCharField(required=False, allow_blank=True, help_text="Where it was published.")
    byline = StrictCharField(required=False, allow_blank=True)
    published = serializers.DateField(required=False, allow_null=True)
    language = StrictCharField(required=False)


class ArticleUpdateInput(StrictInput):
    """Metadata only: the text changes through the revise action, which re-anchors spans."""

    shown_as = ArticleSerializer

    title = StrictCharField(required=False)
    source = StrictCharField(required=False, allow_blank=True, help_text="Outlet name.")
    url = StrictCharField(required=False, allow_blank=True, help_text="Where it was published.")
    byline = StrictCharField(required=False, allow_blank=True)
    published = serializers.DateField(required=False, allow_null=True)
    language = StrictCharField(required=False)
    status = serializers.ChoiceField(choices=Article.Status.choices, required=False)
    blind_review = StrictBooleanField(
        required=False, help_text="Moderators only: turn blind review on or off."
    )

    def validate(self, attrs):
        if self.initial_data.get("text", self.instance.text) != self.instance.text:
            raise serializers.ValidationError(
                {"text": ["Change the text with POST to this article's revise/ URL."]}
            )
        return attrs


class ArticleReviseInput(StrictInput):
    text = StrictCharField()


# The bodies of error responses, for the schema (annotations.api.exceptions writes them).


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ConflictSerializer(ErrorSerializer):
    existing = serializers.IntegerField(help_text="Id of the stored row this clashes with.")
    existing_url = serializers.URLField()


class StaleVersionSerializer(ErrorSerializer):
    current_version = serializers.IntegerField()


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
