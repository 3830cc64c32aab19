"""Error responses that fit where they land: a whole page, or the region an htmx request swaps."""

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.utils.html import format_html

CSRF_MESSAGE = (
    "This change was not saved: the page was open too long or you signed in again elsewhere. "
    "Reload the page and try again."
)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's CSRF_FAILURE_VIEW, so a refused htmx request does not swap a page into a panel."""
    if request.headers.get("HX-Request") == "true":
        return HttpResponseForbidden(
            format_html('<p class="message message--error" role="alert">{}</p>', CSRF_MESSAGE)
        )
    context = {"title": "Not saved", "exception": CSRF_MESSAGE}
    return render(request, "403.html", context, status=403)
