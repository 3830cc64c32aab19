"""The public fact checks: no sign-in, and nothing but what a moderator published.

`/checks/` lists them, `/checks/<id>-<slug>/` shows one with its ClaimReview, and the feed
and sitemap (annotations.feeds) point search engines and readers at them. Anything not
published now, or unknown, is a 404, so the public can't tell a draft from a missing id.
"""

import datetime
import hashlib

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe

from annotations import linked_data, publishing
from annotations.filters import CheckFilterForm
from annotations.models import Publication
from annotations.text import reading_context

CHECKS_PER_PAGE = 20
# Characters of the article shown on each side of the quote.
CONTEXT_WIDTH = 240


def settings_version() -> str:
    """What the pages show besides their rows: changing a setting changes every ETag."""
    shown = (
        settings.FACTCHECK_ORGANIZATION,
        settings.FACTCHECK_ORGANIZATION_URL,
        settings.FACTCHECK_ORGANIZATION_LOGO,
        sorted(settings.FACTCHECK_RATING_NAMES.items()),
    )
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:12]


def public_response(
    request: HttpRequest, template: str, context: dict, *, modified: datetime.datetime
) -> HttpResponse:
    """The page, or 304 when the reader's copy is current: validators from the time of the
    last change it shows, checked before anything is rendered."""
    etag = quote_etag(f"{modified.timestamp():.6f}-{settings_version()}")
    etag = f"W/{etag}"  # Weakly: the same content whatever the compression.
    last_modified = int(modified.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = TemplateResponse(request, template, context)
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(last_modified)
    # Caches keep it but ask again each time: an unpublished check must go at once.
    patch_cache_control(response, public=True, no_cache=True)
    return response


@require_safe
def check_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    publication = get_object_or_404(Publication.objects.live().for_public_page(), span_id=pk)
    if slug != publication.slug:
        return redirect(publication, permanent=True)
    span, article = publication.span, publication.span.article
    review = publishing.claim_review(publication, request)
    before, after = reading_context(article.text, span.start, span.end, width=CONTEXT_WIDTH)
    context = {
        "publication": publication,
        "span": span,
        "article": article,
        "rating": publishing.rating_name(span.final_label),
        "context_before": before,
        "context_after": after,
        "review_json": linked_data.json_ld_script(review),
        "page_url": review["url"],
        "organization": review["author"],
    }
    return public_response(
        request, "annotations/check_detail.html", context, modified=publication.modified_at
    )


@require_safe
def check_list(request: HttpRequest) -> HttpResponse:
    form = CheckFilterForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "page": None, "organization": publishing.organization(request)}
        return TemplateResponse(request, "annotations/check_list.html", context, status=400)
    # No `modified_at` here: the list shows no update times, and its count then reads the
    # publications alone.
    checks = Publication.objects.live().with_claims().order_by("-published_at", "-id")
    if rating := form.cleaned_data["rating"]:
        checks = checks.filter(span__final_label=rating)
    page = Paginator(checks, CHECKS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "rating": rating,
        "page": page,
        "checks": [(check, publishing.rating_name(check.span.final_label)) for check in page],
        "organization": publishing.organization(request),
    }
    return TemplateResponse(request, "annotations/check_list.html", context)
