"""The app's models: articles, claims (spans), verdicts and evidence in `claims`, the verdict
labels and what they add up to in `labels`; fact checks
published for the public in `publications`; the records kept beside them (account changes,
import receipts, statistics figures) in `records`; assignments, discussion, the change log
and webhooks in `teamwork`; the claim memory (search index, vectors, confirmed links) in
`memory`."""

from annotations.models.claims import (
    MAX_TEXT_LENGTH,
    PERSON_FIELDS_UNREAD,
    Article,
    ArticleQuerySet,
    Evidence,
    QueuedSpan,
    Span,
    SpanQuerySet,
    Verdict,
    VerdictQuerySet,
    blind_review_default,
    check_range,
    reviewers_needed_default,
    span_lists,
    unread_person_fields,
)
from annotations.models.labels import (
    Consensus,
    Label,
    consensus_of,
    display_state_of,
    label_error,
    majority_of,
)
from annotations.models.memory import ClaimIndex, ClaimLink, ClaimText, ClaimVector
from annotations.models.publications import (
    CLAIM_REVIEWED_SHOWN,
    Publication,
    PublicationQuerySet,
    claim_reviewed_warning,
    new_publication,
    slug_for,
)
from annotations.models.records import AccountEvent, ImportReceipt, StatisticsSnapshot
from annotations.models.teamwork import (
    COMMENT_MAX_LENGTH,
    Assignment,
    Change,
    Comment,
    WebhookDelivery,
    WebhookEndpoint,
)

__all__ = [
    "CLAIM_REVIEWED_SHOWN",
    "COMMENT_MAX_LENGTH",
    "MAX_TEXT_LENGTH",
    "PERSON_FIELDS_UNREAD",
    "AccountEvent",
    "Article",
    "ArticleQuerySet",
    "Assignment",
    "Change",
    "ClaimIndex",
    "ClaimLink",
    "ClaimText",
    "ClaimVector",
    "Comment",
    "Consensus",
    "Evidence",
    "ImportReceipt",
    "Label",
    "Publication",
    "PublicationQuerySet",
    "QueuedSpan",
    "Span",
    "SpanQuerySet",
    "StatisticsSnapshot",
    "Verdict",
    "VerdictQuerySet",
    "WebhookDelivery",
    "WebhookEndpoint",
    "blind_review_default",
    "check_range",
    "claim_reviewed_warning",
    "consensus_of",
    "display_state_of",
    "label_error",
    "majority_of",
    "new_publication",
    "reviewers_needed_default",
    "slug_for",
    "span_lists",
    "unread_person_fields",
]
