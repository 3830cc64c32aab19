"""What the API shows: one read serializer per resource (the OpenAPI schema is generated from
them), and the bodies of its error responses. What requests send is checked by the input
serializers in annotations.api.inputs.

What the content may be (offsets in range, quote matching the text, lengths, URLs, forbidden
characters, who may do what) is decided by annotations.services, so the pages and the API
apply the very same rules. Types are strict: a string is never taken for a number, nor a
number for a string, and a key the resource does not have is an error, not silently dropped.
"""

from rest_framework import serializers

from annotations import blind
from annotations.api.fields import (
    ApiUrlField,
    CommentPageUrlField,
    PageUrlField,
    PersonNameField,
    PublicationWarningsField,
    PublicUrlField,
    ScoreField,
    UsernameField,
)
from annotations.api.output import ReadSerializer
from annotations.assignments import loaded_assignments
from annotations.models import Article, ClaimLink, Consensus, Label, Span, label_error

LABEL_ERRORS = {"invalid_choice": label_error("{input}")}


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
    public_url = PublicUrlField(help_text="Its public fact check; null unless published.")
    published_at = serializers.DateTimeField(
        allow_null=True, source="current_publication.published_at"
    )
    explanation = serializers.CharField(
        allow_null=True,
        source="current_publication.explanation",
        help_text="The moderator's explanation for the public (null until one is written).",
    )
    published_evidence = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()),
        allow_null=True,
        source="current_publication.evidence",
        help_text="The evidence links its public page shows, each with `url` and `title`.",
    )

    def render(self, span: Span, context: dict) -> dict:
        span.judgements = blind.judgements(context["request"].user, span)
        shown = super().render(span, context)
        if hasattr(span, "score"):  # a search result (`?q=`): how well it matches, 0..1
            shown["score"] = round(span.score, 4)
        return shown


class PublishedSpanSerializer(SpanSerializer):
    """A span as publishing answers it: with what the moderator should know before the
    fact check reads well in search results."""

    warnings = PublicationWarningsField()


class AssigneeSerializer(ReadSerializer):
    """Someone a moderator assigned an article to."""

    username = serializers.CharField(source="reviewer.username")
    name = PersonNameField(
        source="reviewer", help_text="Their full name (their username without one)."
    )
    due = serializers.DateField(allow_null=True, help_text="When it should be done, if ever.")


class AssignmentSerializer(AssigneeSerializer):
    """An assignment (POST /api/articles/{id}/assignments/): the assignee, and who assigned
    the article when."""

    article = serializers.IntegerField(source="article_id")
    assigned_by = UsernameField(allow_null=True)
    created_at = serializers.DateTimeField()


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
    reviewers_needed = serializers.IntegerField(
        help_text="How many reviewers should judge its claims (moderators change it)."
    )
    assignees = AssigneeSerializer(
        many=True,
        source="assignment_list",
        help_text="The reviewers a moderator assigned it to, by name.",
    )
    spans = SpanSerializer(
        many=True,
        source="span_list",
        allow_null=True,
        help_text="Null unless asked for: ?include=spans",
    )

    def render(self, article: Article, context: dict) -> dict:
        # Lists load every article's assignees at once; a single article reads its own now.
        loaded_assignments(article)
        return super().render(article, context)


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


class CommentSerializer(ReadSerializer):
    """A comment in a claim's discussion, loaded by `discussion.with_people` with its span."""

    id = serializers.IntegerField()
    api_url = PageUrlField("api:comment-detail", help_text="This comment in the API.")
    html_url = CommentPageUrlField(help_text="The comment under its claim in the reader.")
    span = serializers.IntegerField(source="span_id", help_text="The claim discussed.")
    article = serializers.IntegerField(source="span.article_id")
    author = UsernameField()
    author_name = PersonNameField(
        source="author", help_text="The author's full name (their username without one)."
    )
    text = serializers.CharField(help_text="Plain text, as written.")
    mentions = UsernameField(
        many=True,
        source="mention_list",
        help_text="The editors and moderators it mentions with @username.",
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


# The bodies of error responses, for the schema (annotations.api.exceptions writes them).


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ConflictSerializer(ErrorSerializer):
    existing = serializers.IntegerField(help_text="Id of the stored row this clashes with.")
    existing_url = serializers.URLField()


class StaleVersionSerializer(ErrorSerializer):
    current_version = serializers.IntegerField()


class SimilarClaimSerializer(ReadSerializer):
    """A claim in another article like the one asked about ("Seen before"), as the caller may
    see it (under blind review, its consensus and final verdict stay hidden until they judge
    it)."""

    span = serializers.IntegerField(source="span.pk")
    article = serializers.IntegerField(source="span.article_id")
    article_title = serializers.CharField(source="span.article.title")
    html_url = PageUrlField("annotations:span-detail", help_text="The claim in the reader.")
    quote = serializers.CharField(source="span.quote")
    claim = serializers.CharField(source="span.claim")
    consensus = serializers.ChoiceField(choices=Consensus.choices, source="judgements.consensus")
    final_label = serializers.ChoiceField(
        choices=Label.choices, allow_blank=True, source="judgements.final_label"
    )
    score = ScoreField(help_text="How alike the two claims are, 0 to 1.")
    link = serializers.ChoiceField(
        choices=ClaimLink.Relation.choices,
        allow_null=True,
        help_text="What a reviewer confirmed: the same claim, or not; null if nobody did.",
    )


class ClaimLinkSerializer(ReadSerializer):
    """A confirmed link between two claims in different articles."""

    span = serializers.IntegerField(source="span_id")
    other = serializers.IntegerField(source="other_id")
    relation = serializers.ChoiceField(choices=ClaimLink.Relation.choices)
    created_by = UsernameField(allow_null=True)
    created_at = serializers.DateTimeField()
