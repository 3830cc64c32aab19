"""The API-token page: see whether you have a token, create or replace it, revoke it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from annotations import services

# The key is shown once, on the page the redirect after creating it leads to, then forgotten.
NEW_TOKEN_SESSION_KEY = "new_api_token"


@login_required
def account_token(request: HttpRequest) -> HttpResponse:
    context = {
        "token": Token.objects.filter(user=request.user).first(),
        "new_key": request.session.pop(NEW_TOKEN_SESSION_KEY, None),
    }
    return render(request, "annotations/account_token.html", context)


@require_POST
@login_required
def account_token_regenerate(request: HttpRequest) -> HttpResponse:
    try:
        token = services.api_token_regenerate(user=request.user)
    except PermissionDenied as refusal:
        messages.error(request, str(refusal))
    else:
        request.session[NEW_TOKEN_SESSION_KEY] = token.key
    return redirect("annotations:account-token")


@require_POST
@login_required
def account_token_revoke(request: HttpRequest) -> HttpResponse:
    services.api_token_revoke(user=request.user)
    messages.success(
        request, "Your API token was revoked. Scripts using it can no longer sign in."
    )
    return redirect("annotations:account-token")
