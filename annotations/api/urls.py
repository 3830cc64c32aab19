"""REST API routes, mounted under /api/: resources, token, exports, schema and docs."""

from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import DefaultRouter

from annotations.api import (
    article_views,
    assignment_views,
    comment_views,
    export_views,
    import_views,
    memory_views,
    stats_views,
    views,
    webhook_views,
)
from annotations.api.renderers import INLINE_STYLES_CSP

app_name = "api"

router = DefaultRouter()
router.register("articles", article_views.ArticleViewSet, basename="article")
router.register("spans", views.SpanViewSet, basename="span")
router.register("verdicts", views.VerdictViewSet, basename="verdict")
router.register("webhooks", webhook_views.WebhookEndpointViewSet, basename="webhook")
router.register("comments", comment_views.CommentViewSet, basename="comment")

urlpatterns = [
    *router.urls,
    path(
        "articles/<int:pk>/assignments/",
        assignment_views.ArticleAssignmentsView.as_view(),
        name="assignment-list",
    ),
    path(
        "articles/<int:pk>/assignments/<str:username>/",
        assignment_views.AssignmentView.as_view(),
        name="assignment-detail",
    ),
    path(
        "spans/<int:pk>/comments/",
        comment_views.SpanCommentsView.as_view(),
        name="span-comments",
    ),
    path(
        "spans/<int:pk>/similar/",
        memory_views.SimilarClaimsView.as_view(),
        name="span-similar",
    ),
    path("spans/<int:pk>/links/", memory_views.ClaimLinksView.as_view(), name="span-links"),
    path(
        "spans/<int:pk>/links/<int:other>/",
        memory_views.ClaimLinkView.as_view(),
        name="span-link",
    ),
    path("token/", views.TokenView.as_view(), name="token"),
    path("imports/", import_views.ImportView.as_view(), name="import"),
    path("stats/agreement/", stats_views.AgreementView.as_view(), name="stats-agreement"),
    path("exports/spans.jsonl", export_views.SpanJsonlExport.as_view(), name="export-spans"),
    path("exports/verdicts.csv", export_views.VerdictCsvExport.as_view(), name="export-verdicts"),
    path(
        "exports/annotations.jsonld",
        export_views.WebAnnotationExport.as_view(),
        name="export-annotations",
    ),
    path(
        "exports/claimreview.jsonld",
        export_views.ClaimReviewExport.as_view(),
        name="export-claimreviews",
    ),
    path(
        "schema/",
        SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]),
        name="schema",
    ),
    path(
        "docs/",
        login_required(
            csp_override(INLINE_STYLES_CSP)(
                SpectacularSwaggerSplitView.as_view(url_name="api:schema")
            )
        ),
        name="docs",
    ),
]
