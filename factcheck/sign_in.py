"""Sign-in throttling (django-axes): whose address a sign-in came from, and the lockout page."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_address(request: HttpRequest) -> str:
    """The connection's address, or, behind TRUSTED_PROXY_COUNT proxies, the address the
    outermost trusted proxy saw. Entries further left in X-Forwarded-For are the client's
    own claims and are never trusted, so a client cannot pick its address to dodge a lockout.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [
        part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """The page a locked-out sign-in gets (429), in the app's words."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)
