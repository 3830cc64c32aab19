"""The API's field types: strict JSON types on input, and the few shapes its output uses."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from annotations.api.output import ContextField
from annotations.filters import MAX_ID
from annotations.models import claim_reviewed_warning


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


class StrictBooleanField(serializers.BooleanField):
    """A JSON true or false only (DRF would take "yes", "on" or 1)."""

    default_error_messages = {"invalid": "Must be true or false."}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


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
class ApiUrlField(ContextField):
    """The row's absolute API URL: the list URL plus its id.

    The list URL is reversed once per response, not once per row as HyperlinkedIdentityField
    does (a page of spans with their verdicts has hundreds of rows).
    """

    def __init__(self, list_route: str, **kwargs):
        self.list_route = list_route
        super().__init__(source="pk", read_only=True, **kwargs)

    def represent(self, pk, context: dict) -> str:
        return api_url(context, self.list_route, pk)


def api_url(context: dict, list_route: str, pk: int) -> str:
    """The absolute URL of row `pk` of a list route, reversing the list once per response."""
    prefixes = context.setdefault("api_url_prefixes", {})
    if list_route not in prefixes:
        prefixes[list_route] = context["request"].build_absolute_uri(reverse(list_route))
    return f"{prefixes[list_route]}{pk}/"


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(ContextField):
    """The row's absolute address among the app's pages (a claim in the reader, say), from a
    route taking its id; reversed once per response, like ApiUrlField."""

    def __init__(self, route: str, **kwargs):
        self.route = route
        super().__init__(source="pk", read_only=True, **kwargs)

    def represent(self, pk, context: dict) -> str:
        return f"{page_url_prefix(context, self.route)}{pk}/"


def page_url_prefix(context: dict, route: str) -> str:
    """The absolute address of a page route taking an id, up to the id; once per response."""
    prefixes = context.setdefault("page_url_prefixes", {})
    if route not in prefixes:
        address = context["request"].build_absolute_uri(reverse(route, args=[0]))
        prefixes[route] = address.removesuffix("0/")
    return prefixes[route]


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class PublicUrlField(ContextField):
    """The public page of a claim's fact check while it is published, else null."""

    def __init__(self, **kwargs):
        super().__init__(source="current_publication", read_only=True, **kwargs)

    def represent(self, publication, context: dict) -> str | None:
        if publication is None or not publication.is_published:
            return None
        return context["request"].build_absolute_uri(publication.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class CommentPageUrlField(ContextField):
    """A comment's place in the reader: its claim's address with `#comment-<id>`."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def represent(self, comment, context: dict) -> str:
        claim = page_url_prefix(context, "annotations:span-detail")
        return f"{claim}{comment.span_id}/#comment-{comment.pk}"


@extend_schema_field(OpenApiTypes.STR)
class PersonNameField(serializers.Field):
    """A person as the pages name them: their full name, or their username without one."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, user):
        return user.get_full_name() or user.get_username()


@extend_schema_field(OpenApiTypes.STR)
class UsernameField(serializers.SlugRelatedField):
    """A user, shown by username."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(slug_field="username", **kwargs)


class ScoreField(serializers.FloatField):
    """A score from 0 to 1 ("Seen before"'s likeness), to four decimals as search shows its own."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value) -> float:
        return round(float(value), 4)


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "string"},
        "example": {
            "claim": "The restated claim has 92 characters; search engines show about 75."
        },
    }
)
class PublicationWarningsField(serializers.Field):
    """What would make the fact check read badly, by field (`{}` when nothing): a restated
    claim longer than search engines show (`models.claim_reviewed_warning`)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, span) -> dict[str, str]:
        warning = claim_reviewed_warning(span.claim)
        return {"claim": warning} if warning else {}
