"""What the API accepts: one strict input serializer per kind of request.

What the content may be (offsets in range, quote matching the text, lengths, URLs, forbidden
characters, who may do what) is decided by annotations.services, so the pages and the API
apply the very same rules. Types are strict: a string is never taken for a number, nor a
number for a string, and a key the resource does not have is an error, not silently dropped.
"""

import re
from collections.abc import Mapping
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from rest_framework import serializers

from annotations.api.fields import (
    RowIdField,
    StrictBooleanField,
    StrictCharField,
    StrictIntegerField,
)
from annotations.api.serializers import (
    LABEL_ERRORS,
    ArticleSerializer,
    CommentSerializer,
    SpanSerializer,
    VerdictSerializer,
)
from annotations.models import Article, ClaimLink, Label, Span
from annotations.services.assignments import MAX_REVIEWERS_NEEDED
from annotations.text import utf16_to_codepoint

# What Django lets a username be: letters, digits and @.+-_, at most 150 of them.
USERNAME = re.compile(UnicodeUsernameValidator.regex)
USERNAME_MAX_LENGTH = 150


@cache
def shown_keys(read_serializer: type[serializers.Serializer]) -> frozenset[str]:
    """The keys a resource shows; once per class, as building its fields takes a millisecond."""
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


class PublicationInput(StrictInput):
    explanation = StrictCharField(
        required=False,
        allow_blank=True,
        help_text="Why the claim got its rating, for the public. Kept as it is when absent.",
    )
    evidence = serializers.ListField(
        child=StrictCharField(),
        required=False,
        max_length=200,
        help_text="The evidence URLs to show, each one of the claim's. When absent: all of "
        "them the first time, then unchanged.",
    )


class CommentInput(StrictInput):
    """A new comment, or a comment's new text (PATCH): the only field a comment changes."""

    shown_as = CommentSerializer

    text = StrictCharField(
        allow_blank=True,
        help_text="Plain text of at most 10,000 characters (spaces around it are removed); "
        "links become clickable on the pages, and @username mentions a colleague.",
    )


class AssignmentInput(StrictInput):
    """Whom to assign the article to, and by when (for someone assigned already: their new
    due date)."""

    reviewer = StrictCharField(help_text="The username of an editor or a moderator.")
    due = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="When it should be done (today or later); absent or null: no due date.",
    )

    def validate_reviewer(self, username: str):
        reviewer = account_named(username)
        if reviewer is None:
            raise serializers.ValidationError("No account has this username.")
        return reviewer


def account_named(username: str):
    """The user with this username, or None. A name no account can have (one with a NUL,
    say) is answered without asking the database, which might refuse the query."""
    if len(username) > USERNAME_MAX_LENGTH or not USERNAME.match(username):
        return None
    return get_user_model().objects.filter(username=username).first()


class NoInput(StrictInput):
    """An action that takes no fields."""


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
    reviewers_needed = StrictIntegerField(
        required=False,
        min_value=1,
        max_value=MAX_REVIEWERS_NEEDED,
        help_text="Moderators only: how many reviewers should judge its claims.",
    )

    def validate(self, attrs):
        if self.initial_data.get("text", self.instance.text) != self.instance.text:
            raise serializers.ValidationError(
                {"text": ["Change the text with POST to this article's revise/ URL."]}
            )
        return attrs


class ArticleReviseInput(StrictInput):
    text = StrictCharField()


class ClaimLinkInput(StrictInput):
    """A link from the claim in the URL to another claim, in another article."""

    other = RowIdField(model=Span, help_text="The other claim's id.")
    relation = serializers.ChoiceField(
        choices=ClaimLink.Relation.choices,
        help_text='"same": the same claim; "different": not the same (never suggested again).',
    )


class SimilarQueryInput(StrictInput):
    """The query parameters of "Seen before" (GET /api/spans/{id}/similar/)."""

    limit = serializers.IntegerField(min_value=1, max_value=50, default=10)
    min_score = serializers.FloatField(
        min_value=0.0,
        max_value=1.0,
        required=False,
        help_text="The lowest score listed; by default the one from which the reader shows "
        "a suggestion.",
    )
