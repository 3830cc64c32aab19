"""The reader (GET): an article with its highlighted claims, and the claim panel beside it.

The changes a reader makes (POST) are in `claim_changes.py`; what each region shows is in
`reader_context.py`, how a response is put together in `reader_responses.py`, and the state
each claim shows in `annotations/reading.py`.
"""

from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django_htmx.http import push_url, replace_url

from annotations.filters import ReaderFilterForm
from annotations.forms import ClaimPointForm
from annotations.models import Article
from annotations.views.reader_context import TEMPLATE, page_context, panel_span
from annotations.views.reader_responses import (
    form_errors_text,
    login_required_htmx,
    panel_response,
    reader_message,
    render_partial,
)


@login_required_htmx
@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if "state" in request.GET:
        return filter_renamed(request)
    article = get_object_or_404(Article, pk=pk)
    filter_form = ReaderFilterForm(request.GET)
    if not filter_form.is_valid():
        return reader_message(request, article, form_errors_text(filter_form), status=400)
    context = page_context(request, article, shown_state=filter_form.cleaned_data["shown"])
    if request.htmx.target == "article-text":
        html = render_partial(request, "article-text", context)
        html += render_partial(request, "claim-legend", {**context, "oob": True})
        return HttpResponse(html)
    return render(request, TEMPLATE, context)


def filter_renamed(request: HttpRequest) -> HttpResponse:
    """Links saved before the filter was renamed: `?state=` became `?shown=` (the API's
    `?state=` is a claim's moderation state, the reader's the state a claim shows)."""
    query = request.GET.copy()
    old = query.pop("state")
    if "shown" not in query:
        query.setlist("shown", old)
    return redirect(f"{request.path}?{query.urlencode()}", permanent=True)


@login_required_htmx
@require_GET
def span_detail(request: HttpRequest, pk: int) -> HttpResponse:
    span = panel_span(pk)
    point = ClaimPointForm(request.GET)
    if not point.is_valid():
        return reader_message(
            request, span.article, form_errors_text(point), status=400, span=span
        )
    response = panel_response(request, span, at=point.cleaned_data["at"])
    if request.htmx:
        # The claim's own address, so a reload, the back button or a copied link open it;
        # drawn again where it is already (a live update), it adds no step to go back.
        address = reverse("annotations:span-detail", args=[span.pk])
        if urlsplit(request.htmx.current_url or "").path == address:
            replace_url(response, address)
        else:
            push_url(response, address)
    return response
