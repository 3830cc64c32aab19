"""The Claims page (`/claims/`): every claim across the articles, found by words (the
quote, restated claim, speaker and rationales: `annotations.search`), best match first, with
the span list's filters; without words, the newest claims first."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from annotations import blind, search
from annotations.filters import SpanFilter
from annotations.models import Label, Span

TEMPLATE = "annotations/claim_list.html"
PAGE_SIZE = 25
PAGE_FILTERS = ("q", "label", "final_label", "state", "article_source")


@login_required
@require_GET
def claim_list(request: HttpRequest) -> HttpResponse:
    asked = {name: request.GET[name] for name in PAGE_FILTERS if request.GET.get(name)}
    spans = Span.objects.with_verdicts().select_related("article")
    found = SpanFilter(asked, queryset=spans.order_by("-created_at", "-pk"), request=request)
    page = page_number(request)
    rows, more = [], False
    if found.is_valid():
        start = (page - 1) * PAGE_SIZE
        rows = list(found.qs[start : start + PAGE_SIZE + 1])
        more = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE]
    context = {
        "filter": found,
        "terms": search.search_terms(asked.get("q", "")),
        "results": [(span, blind.judgements(request.user, span)) for span in rows],
        "page": page,
        "more": more,
        "labels": Label.choices,
        "states": Span.State.choices,
        "status": 200 if found.is_valid() else 400,
    }
    template = f"{TEMPLATE}#claim-results" if request.htmx else TEMPLATE
    return render(request, template, context, status=context["status"])


def page_number(request: HttpRequest) -> int:
    asked = request.GET.get("page", "1")
    return int(asked) if asked.isdigit() and 1 <= int(asked) <= 10_000 else 1
