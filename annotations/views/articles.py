"""The article list (search, filters, progress; swapped in place by htmx), the import page,
and a moderator's blind-review switch on the reader."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_POST

from annotations import blind, roles, services
from annotations.assignments import assignees_prefetch
from annotations.filters import ArticleFilter, article_scope_query
from annotations.forms import ArticleImportForm, BlindReviewForm, add_service_errors
from annotations.models import Article, Consensus, Label
from annotations.views.reader_responses import form_errors_text, reader_message

ARTICLES_PER_PAGE = 25


def _progress(article: Article) -> dict:
    """Verdict counts by label, with each one's start along a bar as long as their total;
    verdicts hidden by blind review last, when there are any."""
    segments = []
    offset = 0
    counts = [(label, getattr(article, f"{label.value}_count")) for label in Label]
    if article.hidden_count:
        counts.append((Consensus.HIDDEN, article.hidden_count))
    for label, count in counts:
        segments.append({"label": label, "count": count, "offset": offset})
        offset += count
    return {"segments": segments, "total": offset}


@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    sealed = blind.sealed_q(request.user, span="spans", article="")
    rows = Article.objects.with_progress(sealed).prefetch_related(assignees_prefetch())
    article_filter = ArticleFilter(request.GET, queryset=rows, request=request)
    articles = article_filter.qs.order_by("-created_at", "-id")
    scoped = article_scope_query(article_filter) if article_filter.is_valid() else {}
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    for article in page:
        article.progress = _progress(article)
    context = {
        "page": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number),
        "filter": article_filter,
        "is_filtered": any(
            value not in (None, "") for value in article_filter.form.cleaned_data.values()
        ),
        # The downloads hold what the list shows: its filters, as the exports name them.
        "download_query": scoped and f"?{urlencode(scoped)}",
        "sources": Article.objects.exclude(source="")
        .order_by("source")
        .values_list("source", flat=True)
        .distinct(),
        "statuses": Article.Status.choices,
        "can_import": roles.is_editor(request.user),
        "today": timezone.localdate(),
    }
    template = "annotations/article_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#article-table"
    response = render(request, template, context)
    # The same URL answers with a fragment or a page: caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


def _refuse_import(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "annotations/article_import.html", {"refusal": reason}, status=403)


@login_required
def article_import(request: HttpRequest) -> HttpResponse:
    if not roles.is_editor(request.user):
        return _refuse_import(request, "Only editors and moderators can add articles.")
    duplicate = None
    if request.method == "POST":
        form = ArticleImportForm(request.POST, request.FILES)
        if form.is_valid():
            fields = {key: value for key, value in form.cleaned_data.items() if key != "file"}
            try:
                article = services.article_create(user=request.user, **fields)
            except services.DuplicateArticle as conflict:
                duplicate = conflict.existing
            except ValidationError as error:
                # The text the service refused came from the file, when one was uploaded.
                renamed = {"text": "file"} if form.used_upload else None
                add_service_errors(form, error, renamed=renamed)
            except PermissionDenied as refusal:
                return _refuse_import(request, str(refusal))
            else:
                return redirect("annotations:article-detail", article.pk)
    else:
        form = ArticleImportForm()
    return render(
        request, "annotations/article_import.html", {"form": form, "duplicate": duplicate}
    )


@login_required
@require_POST
def article_blind_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Turn the article's blind review on or off (moderators), then back to the reader."""
    article = get_object_or_404(Article, pk=pk)
    form = BlindReviewForm(request.POST)
    if not form.is_valid():
        return reader_message(request, article, form_errors_text(form), status=400)
    try:
        services.article_update(
            user=request.user, article=article, blind_review=form.cleaned_data["blind_review"]
        )
    except PermissionDenied as refusal:
        return reader_message(request, article, str(refusal), status=403)
    return redirect("annotations:article-detail", article.pk)
