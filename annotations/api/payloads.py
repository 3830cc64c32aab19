"""A change's object in its API representation, rendered outside any request: the `data` a
webhook delivery sends, by the API's own read serializers.

Webhooks are registered by moderators for the newsroom's own systems, so a payload shows
what a moderator sees: blind review hides nothing from it. Absolute addresses start with the
FACTCHECK_SITE_URL setting, as there is no request to take the host from.
"""

from django.conf import settings

from annotations import discussion
from annotations.api.serializers import (
    ClaimLinkSerializer,
    CommentSerializer,
    SpanSerializer,
    VerdictSerializer,
)
from annotations.models import Change, ClaimLink, Comment, Span, Verdict

# What each kind's object is: the claim (SpanSerializer) or the verdict (VerdictSerializer).
SPAN_KINDS = {
    Change.Kind.CLAIM_CREATED,
    Change.Kind.CLAIM_CHANGED,
    Change.Kind.CLAIM_SETTLED,
    Change.Kind.CLAIM_PUBLISHED,
}
VERDICT_KINDS = {Change.Kind.VERDICT_SAVED, Change.Kind.VERDICT_DELETED}
LINK_KINDS = {Change.Kind.CLAIM_LINKED, Change.Kind.CLAIM_UNLINKED}


class Newsroom:
    """The viewer a payload is rendered for: a system a moderator registered, which sees what
    a moderator sees (`roles.is_moderator` is true of it). Not an account: it has no id."""

    pk = None
    is_authenticated = True
    is_active = True
    is_superuser = True


class SiteRequest:
    """What the read serializers ask of a request: who views, and absolute addresses."""

    user = Newsroom()

    def build_absolute_uri(self, location: str) -> str:
        return f"{settings.FACTCHECK_SITE_URL.rstrip('/')}{location}"


def serializer_context() -> dict:
    return {"request": SiteRequest()}


def span_data(span_id: int) -> dict:
    span = Span.objects.with_verdicts().filter(pk=span_id).first()
    return {} if span is None else SpanSerializer(span, context=serializer_context()).data


def verdict_data(verdict_id: int) -> dict:
    verdict = Verdict.objects.with_evidence().select_related("span").filter(pk=verdict_id).first()
    return {} if verdict is None else VerdictSerializer(verdict, context=serializer_context()).data


def link_data(link_id: int) -> dict:
    link = ClaimLink.objects.select_related("created_by").filter(pk=link_id).first()
    return {} if link is None else ClaimLinkSerializer(link, context=serializer_context()).data


def comment_data(comment_id: int | None, *, span_id: int | None, author_id: int | None) -> dict:
    comments = discussion.with_people(Comment.objects.select_related("span"))
    if comment_id is not None:
        comment = comments.filter(pk=comment_id).first()
    else:
        # The comment just written on the claim: its author's latest there.
        comment = comments.filter(span_id=span_id, author_id=author_id).order_by("-id").first()
    return {} if comment is None else CommentSerializer(comment, context=serializer_context()).data


def change_data(
    kind: str, *, span_id: int | None, object_id: int | None, actor_id: int | None
) -> dict:
    """The object of a change of `kind` as the API shows it now: the claim (`object_id` or
    `span_id`), the verdict or the link `object_id`, or the comment `object_id` (else its
    author's latest on the claim). Empty for a kind without an object, or an object gone
    meanwhile."""
    if kind in SPAN_KINDS:
        return span_data(object_id or span_id)
    if kind in VERDICT_KINDS and object_id is not None:
        return verdict_data(object_id)
    if kind in LINK_KINDS and object_id is not None:
        return link_data(object_id)
    if kind == Change.Kind.COMMENT_CREATED:
        return comment_data(object_id, span_id=span_id, author_id=actor_id)
    return {}
