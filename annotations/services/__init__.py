"""Every write, by domain: validated, permission-checked, atomic, recorded in history.

Views, API serializers, admin actions, commands and the JSONL import call these functions and
hold no domain rules of their own. A bad input raises Django's ValidationError naming the
field (400); a forbidden action raises PermissionDenied (403); a clash with stored data raises
a Conflict (409); an edit of an old version raises StaleVersion (412).

Each service writes everything it writes in one transaction, or in one savepoint of its
caller's. Writes that touch a claim and its verdicts lock rows parent first: claim, then
verdicts, then evidence.
"""

from annotations.services.accounts import (
    api_token_regenerate,
    api_token_revoke,
    user_set_role,
    user_unlock_sign_in,
)
from annotations.services.articles import (
    ARTICLE_METADATA_FIELDS,
    article_create,
    article_revise_text,
    article_update,
)
from annotations.services.assignments import (
    MAX_REVIEWERS_NEEDED,
    assignment_delete,
    assignment_set,
    reviewers_needed_set,
)
from annotations.services.comments import comment_create, comment_delete, comment_update
from annotations.services.errors import Conflict, DuplicateArticle, StaleVersion, VerdictExists
from annotations.services.moderation import span_approve, span_reject, span_reopen, span_settle
from annotations.services.publications import (
    publication_edit,
    span_publish,
    span_unpublish,
)
from annotations.services.spans import (
    span_create,
    span_delete,
    span_dismiss_orphan,
    span_join,
    span_reattach,
    span_update,
)
from annotations.services.verdicts import (
    MAX_EVIDENCE_PER_VERDICT,
    evidence_add,
    evidence_remove,
    evidence_update,
    span_create_judged,
    verdict_create,
    verdict_delete,
    verdict_set,
    verdict_update,
)

__all__ = [
    "ARTICLE_METADATA_FIELDS",
    "MAX_EVIDENCE_PER_VERDICT",
    "MAX_REVIEWERS_NEEDED",
    "Conflict",
    "DuplicateArticle",
    "StaleVersion",
    "VerdictExists",
    "api_token_regenerate",
    "api_token_revoke",
    "article_create",
    "article_revise_text",
    "article_update",
    "assignment_delete",
    "assignment_set",
    "comment_create",
    "comment_delete",
    "comment_update",
    "evidence_add",
    "evidence_remove",
    "evidence_update",
    "publication_edit",
    "reviewers_needed_set",
    "span_approve",
    "span_create",
    "span_create_judged",
    "span_delete",
    "span_dismiss_orphan",
    "span_join",
    "span_publish",
    "span_reattach",
    "span_reject",
    "span_reopen",
    "span_settle",
    "span_unpublish",
    "span_update",
    "user_set_role",
    "user_unlock_sign_in",
    "verdict_create",
    "verdict_delete",
    "verdict_set",
    "verdict_update",
]
