"""Every page of the app (htmx), by screen: the article list, the reader, the API-token page,
and the public fact checks."""

from django.urls import path

from annotations.feeds import PublishedChecksFeed
from annotations.views import (
    account,
    articles,
    assignments,
    claim_changes,
    claims,
    comments,
    live,
    my_work,
    public,
    reader,
    revise,
    seen_before,
    stats,
)

app_name = "annotations"

urlpatterns = [
    # Articles
    path("", articles.article_list, name="article-list"),
    path("articles/new/", articles.article_import, name="article-import"),
    path("stats/", stats.statistics_page, name="statistics"),
    path("my/", my_work.my_work_page, name="my-work"),
    path("claims/", claims.claim_list, name="claim-list"),
    # The reader: the page and the claim panel
    path("articles/<int:pk>/", reader.article_detail, name="article-detail"),
    path(
        "articles/<int:pk>/blind-review/",
        articles.article_blind_review,
        name="article-blind-review",
    ),
    path("spans/<int:pk>/", reader.span_detail, name="span-detail"),
    # The reader's reviewers: drawn alone (live updates), assigning the article (moderators)
    path(
        "articles/<int:pk>/reviewers/",
        assignments.assignments_region,
        name="article-assignments",
    ),
    path(
        "articles/<int:pk>/assignments/",
        assignments.assignment_create,
        name="assignment-create",
    ),
    path(
        "articles/<int:pk>/assignments/<int:reviewer>/delete/",
        assignments.assignment_delete,
        name="assignment-delete",
    ),
    path(
        "articles/<int:pk>/reviewers-needed/",
        assignments.reviewers_needed_set,
        name="reviewers-needed",
    ),
    path("articles/<int:pk>/live/", live.article_live, name="article-live"),
    # Revising the text, and the claims a revision orphaned
    path("articles/<int:pk>/revise/", revise.article_revise, name="article-revise"),
    path("articles/<int:pk>/changes/", revise.article_changes, name="article-changes"),
    path("spans/<int:pk>/reattach/", revise.span_reattach, name="span-reattach"),
    path("spans/<int:pk>/dismiss/", revise.span_dismiss, name="span-dismiss"),
    # The reader's changes
    path("articles/<int:pk>/spans/", claim_changes.span_create, name="span-create"),
    path("spans/<int:pk>/edit/", claim_changes.span_update, name="span-update"),
    path("spans/<int:pk>/delete/", claim_changes.span_delete, name="span-delete"),
    path("spans/<int:pk>/moderate/", claim_changes.span_moderate, name="span-moderate"),
    path(
        "spans/<int:pk>/publication/",
        claim_changes.span_publication,
        name="span-publication",
    ),
    path("spans/<int:pk>/verdict/", claim_changes.verdict_set, name="verdict-set"),
    path("spans/<int:pk>/verdict/delete/", claim_changes.verdict_delete, name="verdict-delete"),
    path("spans/<int:pk>/evidence/", claim_changes.evidence_add, name="evidence-add"),
    path("evidence/<int:pk>/delete/", claim_changes.evidence_remove, name="evidence-remove"),
    # Seen before: the same claim in other articles, and links between them
    path("spans/<int:pk>/seen-before/", seen_before.seen_before, name="seen-before"),
    path("spans/<int:pk>/links/", seen_before.claim_link, name="claim-link"),
    # A claim's discussion
    path("spans/<int:pk>/comments/", comments.comment_create, name="comment-create"),
    path("comments/<int:pk>/edit/", comments.comment_update, name="comment-update"),
    path("comments/<int:pk>/delete/", comments.comment_delete, name="comment-delete"),
    # Public fact checks (no sign-in)
    path("checks/", public.check_list, name="check-list"),
    path("checks/feed/", PublishedChecksFeed(), name="check-feed"),
    path("checks/<int:pk>-<slug:slug>/", public.check_detail, name="check-detail"),
    # A bare id (typed, or a link that lost its words) redirects to the full address.
    path("checks/<int:pk>/", public.check_detail, {"slug": ""}),
    # API token
    path("account/token/", account.account_token, name="account-token"),
    path(
        "account/token/regenerate/",
        account.account_token_regenerate,
        name="account-token-regenerate",
    ),
    path("account/token/revoke/", account.account_token_revoke, name="account-token-revoke"),
]
