"""The article list (search, filters, progress; swapped in place by htmx) and the import page."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers

from annotations import roles, services
from annotations.filters import ArticleFilter
from annotations.forms import ArticleImportForm, add_service_errors
from annotations.models import Article, Label

ARTICLES_PER_PAGE = 25


def _progress(article: Article) -> dict:
    """Verdict counts by label, with each one's start along a bar as long as their total."""
    segments = []
    offset = 0
    for label in Label:
        count = getattr(article, f"{label.value}_count")
        segments.append({"label": label, "count": count, "offset": offset})
        offset += count
    return {"segments": segments, "total": offset}


@login_required
def article_list(request: HttpRequest) -> HttpResponse:
    article_filter = ArticleFilter(
        request.GET, queryset=Article.objects.with_progress(), request=request
    )
    articles = article_filter.qs.order_by("-created_at", "-id")
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
        "sources": Article.objects.exclude(source="")
        .order_by("source")
        .values_list("source", flat=True)
        .distinct(),
        "statuses": Article.Status.choices,
        "can_import": roles.is_editor(request.user),
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
