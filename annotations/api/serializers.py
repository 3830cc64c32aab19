"""API serializers: they check the shape and types of input and render output.

What the content may be (offsets in range, quote matching the text, lengths, URLs, forbidden
characters, who may do what) is decided by annotations.services, so the pages and the API
apply the very same rules. Types are strict: a string is never taken for a number, nor a
number for a string, and a key the resource does not have is an error, not silently dropped.
"""

from collections.abc import Mapping

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from annotations.api.filters import MAX_ID
from annotations.exports import timestamp
from annotations.models import Article, Consensus, Label, Span, consensus_of
from annotations.text import utf16_to_codepoint

SPAN_LIST, VERDICT_LIST = "api:span-list", "api:verdict-list"

LABEL_CHOICE_ERROR = "“{input}” is not a verdict label: use " + ", ".join(Label.values) + "."


class StrictFieldsMixin:
    """Rejects keys the serializer does not know; read-only keys (echoed back) are ignored.

    `echoed_fields` names more keys to ignore: those of the resource an input-only
    serializer leaves out.
    """

    echoed_fields: frozenset[str] = frozenset()

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields) - self.echoed_fields)
            if unknown:
                raise serializers.ValidationError(
                    {str(name): ["Unknown field."] for name in unknown}
                )
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    """A JSON string only (DRF would turn 12 into "12"), kept exactly as sent."""

    def __init__(self, **kwargs):
        kwargs.setdefault("trim_whitespace", False)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer only (not "12", 12.0 or true), within PostgreSQL's BIGINT range."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", -MAX_ID - 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


@extend_schema_field(OpenApiTypes.INT)
class RowIdField(serializers.PrimaryKeyRelatedField):
    """A reference to a stored row of `model` by its integer id.

    The queryset is made when needed rather than passed in: DRF deep-copies every declared
    field for each serializer instance, and copying a QuerySet costs far more than the rest.
    """

    def __init__(self, *, model, **kwargs):
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model.objects.all()

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 1 <= data <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


@extend_schema_field(OpenApiTypes.URI)
class ApiUrlField(serializers.Field):
    """The row's absolute API URL: the list URL plus its id.

    The list URL is reversed once per response, not once per row as HyperlinkedIdentityField
    does (a page of spans with their verdicts has hundreds of rows).
    """

    def __init__(self, list_route: str, **kwargs):
        self.list_route = list_route
        super().__init__(source="pk", read_only=True, **kwargs)

    def to_representation(self, pk):
        return api_url(self.context, self.list_route, pk)


def api_url(context: dict, list_route: str, pk: int) -> str:
    """The absolute URL of row `pk` of a list route, reversing the list once per response."""
    prefixes = context.setdefault("api_url_prefixes", {})
    if list_route not in prefixes:
        prefixes[list_route] = context["request"].build_absolute_uri(reverse(list_route))
    return f"{prefixes[list_route]}{pk}/"


@extend_schema_field(OpenApiTypes.STR)
class UsernameField(serializers.SlugRelatedField):
    """A user, shown by username."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(slug_field="username", **kwargs)


class EvidenceSerializer(StrictFieldsMixin, serializers.Serializer):
    url = StrictCharField(help_text="Link to the source.")
    title = StrictCharField(required=False, allow_blank=True)
    note = StrictCharField(required=False, allow_blank=True)


class VerdictSerializer(StrictFieldsMixin, serializers.Serializer):
    """A verdict; rendering expects `reviewer_username` and `evidence_list` (see api.views)."""

    id = serializers.IntegerField(read_only=True)
    api_url = ApiUrlField(VERDICT_LIST)
    span = RowIdField(model=Span, help_text="The claim judged.")
    article = serializers.IntegerField(source="span.article_id", read_only=True)
    reviewer = UsernameField()
    label = serializers.ChoiceField(
        choices=Label.choices, error_messages={"invalid_choice": LABEL_CHOICE_ERROR}
    )
    rationale = StrictCharField(required=False, allow_blank=True, default="")
    evidence = EvidenceSerializer(
        many=True, required=False, default=list, help_text="Replaces the whole list on update."
    )
    version = serializers.IntegerField(
        read_only=True, help_text="Bumped on every change; the ETag of the verdict."
    )
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    def to_representation(self, verdict):
        return verdict_representation(verdict, self.context)


class VerdictCreateSerializer(VerdictSerializer):
    """VerdictSerializer's input fields alone, for a create.

    DRF deep-copies every declared field for each serializer it makes: leaving out the
    read-only ones saves a create most of that work. The response uses VerdictSerializer.
    """

    echoed_fields = frozenset(VerdictSerializer._declared_fields)
    id = api_url = article = reviewer = version = created_at = updated_at = None


def verdict_representation(verdict, context: dict) -> dict:
    """A verdict as VerdictSerializer renders it, without building the serializer's fields.

    Written out, not field by field: a page of spans nests hundreds of verdicts and DRF's
    generic path was most of its time. The keys are the fields VerdictSerializer declares
    (the tests check they stay the same); times in UTC, written as the exports write them.
    """
    return {
        "id": verdict.pk,
        "api_url": api_url(context, VERDICT_LIST, verdict.pk),
        "span": verdict.span_id,
        "article": verdict.span.article_id,
        "reviewer": verdict.reviewer_username,
        "label": verdict.label,
        "rationale": verdict.rationale,
        "evidence": [
            {"url": item.url, "title": item.title, "note": item.note}
            for item in verdict.evidence_list
        ],
        "version": verdict.version,
        "created_at": timestamp(verdict.created_at),
        "updated_at": timestamp(verdict.updated_at),
    }


class VerdictUpdateSerializer(VerdictSerializer):
    """PUT replaces label, rationale and evidence (missing ones reset); PATCH changes some."""

    span = serializers.IntegerField(source="span_id", read_only=True)

    def validate(self, attrs):
        sent_span = self.initial_data.get("span", self.instance.span_id)
        if sent_span != self.instance.span_id:
            raise serializers.ValidationError(
                {"span": ["A verdict stays on its claim: give a verdict on the other one."]}
            )
        return attrs


class SpanSerializer(StrictFieldsMixin, serializers.Serializer):
    """A span; rendering expects the usernames and lists that api.views adds to its rows."""

    id = serializers.IntegerField(read_only=True)
    api_url = ApiUrlField(SPAN_LIST)
    article = RowIdField(model=Article)
    start = StrictIntegerField(help_text="Offset of the first character (see offset_unit).")
    end = StrictIntegerField(help_text="Offset just past the last character.")
    offset_unit = serializers.ChoiceField(
        choices=[("codepoint", "Unicode code points"), ("utf16", "UTF-16 code units")],
        default="codepoint",
        write_only=True,
        help_text="How start and end count on input; stored and shown in code points.",
    )
    quote = StrictCharField(
        required=False, help_text="Optional on input: checked against the text at the offsets."
    )
    prefix = serializers.CharField(read_only=True)
    suffix = serializers.CharField(read_only=True)
    claim = StrictCharField(required=False, allow_blank=True, help_text="The claim restated.")
    speaker = StrictCharField(required=False, allow_blank=True)
    created_by = UsernameField(allow_null=True)
    # many=True builds the list field from these arguments, before __init__ runs.
    highlighters = UsernameField(many=True, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    is_orphaned = serializers.BooleanField(read_only=True)
    consensus = serializers.ChoiceField(choices=Consensus.choices, read_only=True)
    state = serializers.ChoiceField(choices=Span.State.choices, read_only=True)
    final_label = serializers.ChoiceField(
        choices=Label.choices, read_only=True, allow_blank=True, help_text="Set by a moderator."
    )
    moderated_by = UsernameField(allow_null=True)
    moderated_at = serializers.DateTimeField(read_only=True)
    moderation_note = serializers.CharField(read_only=True)
    verdicts = VerdictSerializer(many=True, read_only=True)

    def to_representation(self, span):
        # Written out for speed, like VerdictSerializer's; same keys as the fields declared.
        # It reads no self.fields, so rendering builds (deep-copies) none of them.
        context = self.context
        return {
            "id": span.pk,
            "api_url": api_url(context, SPAN_LIST, span.pk),
            "article": span.article_id,
            "start": span.start,
            "end": span.end,
            "quote": span.quote,
            "prefix": span.prefix,
            "suffix": span.suffix,
            "claim": span.claim,
            "speaker": span.speaker,
            "created_by": span.created_by_username,
            "highlighters": [user.username for user in span.highlighter_list],
            "created_at": timestamp(span.created_at),
            "updated_at": timestamp(span.updated_at),
            "is_orphaned": span.is_orphaned,
            "consensus": consensus_of(item.label for item in span.verdict_list).value,
            "state": span.state,
            "final_label": span.final_label,
            "moderated_by": span.moderated_by_username,
            "moderated_at": timestamp(span.moderated_at),
            "moderation_note": span.moderation_note,
            "verdicts": [verdict_representation(item, context) for item in span.verdict_list],
        }

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


class SpanCreateSerializer(SpanSerializer):
    """SpanSerializer's input fields alone, for a create (see VerdictCreateSerializer)."""

    echoed_fields = frozenset(SpanSerializer._declared_fields)
    id = api_url = prefix = suffix = created_by = highlighters = None
    created_at = updated_at = is_orphaned = consensus = state = final_label = None
    moderated_by = moderated_at = moderation_note = verdicts = None


class SpanUpdateSerializer(SpanSerializer):
    """Only the restated claim and the speaker change; the range is fixed once highlighted."""

    article = serializers.IntegerField(source="article_id", read_only=True)
    start = serializers.IntegerField(read_only=True)
    end = serializers.IntegerField(read_only=True)
    quote = serializers.CharField(read_only=True)
    offset_unit = None

    def validate(self, attrs):
        return attrs


class SpanModerationSerializer(StrictFieldsMixin, serializers.Serializer):
    note = StrictCharField(required=False, allow_blank=True, default="")


class SpanSettleSerializer(SpanModerationSerializer):
    final_label = serializers.ChoiceField(
        choices=Label.choices, error_messages={"invalid_choice": LABEL_CHOICE_ERROR}
    )


class ArticleListSerializer(StrictFieldsMixin, serializers.Serializer):
    """An article without its text (lists stay small); the detail adds `text`."""

    id = serializers.IntegerField(read_only=True)
    api_url = ApiUrlField("api:article-list")
    title = StrictCharField()
    source = StrictCharField(required=False, allow_blank=True, help_text="Outlet name.")
    url = StrictCharField(required=False, allow_blank=True, help_text="Where it was published.")
    byline = StrictCharField(required=False, allow_blank=True)
    published = serializers.DateField(required=False, allow_null=True)
    language = StrictCharField(required=False)
    status = serializers.ChoiceField(choices=Article.Status.choices, read_only=True)
    revision = serializers.IntegerField(read_only=True)
    text_sha256 = serializers.CharField(read_only=True)
    created_by = UsernameField(allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    spans = serializers.SerializerMethodField(help_text="Null unless asked for: ?include=spans")

    @extend_schema_field(SpanSerializer(many=True, allow_null=True))
    def get_spans(self, article):
        if not self.context.get("include_spans"):
            return None
        return SpanSerializer(article.spans.all(), many=True, context=self.context).data


class ArticleSerializer(ArticleListSerializer):
    text = StrictCharField(help_text="Plain text; stored normalised (NFC, \\n line ends).")


class ArticleUpdateSerializer(ArticleSerializer):
    """Metadata only: the text changes through the revise action, which re-anchors spans."""

    title = StrictCharField(required=False)
    status = serializers.ChoiceField(choices=Article.Status.choices, required=False)
    text = serializers.CharField(read_only=True)

    def validate(self, attrs):
        if self.initial_data.get("text", self.instance.text) != self.instance.text:
            raise serializers.ValidationError(
                {"text": ["Change the text with POST to this article's revise/ URL."]}
            )
        return attrs


class ArticleReviseSerializer(StrictFieldsMixin, serializers.Serializer):
    text = StrictCharField()


class ArticleRevisionSerializer(serializers.Serializer):
    article = ArticleSerializer(read_only=True)
    orphaned_spans = serializers.ListField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="Ids of spans not found in the new text (kept, marked orphaned).",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, source="key")


# The bodies of error responses, for the schema (annotations.api.exceptions writes them).


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ConflictSerializer(ErrorSerializer):
    existing = serializers.IntegerField(help_text="Id of the stored row this clashes with.")
    existing_url = serializers.URLField()


class StaleVersionSerializer(ErrorSerializer):
    current_version = serializers.IntegerField()
