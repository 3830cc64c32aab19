"""Maps domain errors to HTTP (invalid 400, forbidden 403, conflict 409, stale version 412),
and answers API paths with JSON even when Django itself fails (404, 500)."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from annotations.models import Article, Verdict
from annotations.services import Conflict, StaleVersion

# Where the API shows the stored row a Conflict points at (DuplicateArticle, VerdictExists).
DETAIL_ROUTES = {Article: "api:article-detail", Verdict: "api:verdict-detail"}


def etag(version: int) -> str:
    """A verdict's entity tag: its version number, quoted as HTTP requires."""
    return f'"{version}"'


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, Conflict):
        return _conflict_response(exc, context["request"])
    elif isinstance(exc, RequestDataTooBig):
        # Django would answer with its HTML 400 page; an API client expects JSON.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        data = {"detail": f"The request body is larger than {limit:,} bytes."}
        return Response(data, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    elif isinstance(exc, StaleVersion):
        data = {"detail": str(exc), "current_version": exc.current_version}
        return Response(
            data,
            status=status.HTTP_412_PRECONDITION_FAILED,
            headers={"ETag": etag(exc.current_version)},
        )
    return drf_exception_handler(exc, context)


def _conflict_response(exc: Conflict, request) -> Response:
    """409 that points at the stored row the request clashed with (body and Location)."""
    existing = exc.existing
    url = request.build_absolute_uri(
        reverse(DETAIL_ROUTES[type(existing)], kwargs={"pk": existing.pk})
    )
    data = {"detail": exc.message, "existing": existing.pk, "existing_url": url}
    return Response(data, status=status.HTTP_409_CONFLICT, headers={"Location": url})


def is_api_request(request) -> bool:
    return request.path_info.startswith("/api/")


def server_error(request) -> HttpResponse:
    """Django's handler500: JSON on API paths, whatever failed; the app's error page elsewhere."""
    if is_api_request(request):
        detail = "The server failed to answer this request; the error has been logged."
        return JsonResponse({"detail": detail}, status=500)
    return defaults.server_error(request)


def page_not_found(request, exception) -> HttpResponse:
    """Django's handler404: JSON on API paths (an address the API does not have)."""
    if is_api_request(request):
        return JsonResponse({"detail": "The API has no such address."}, status=404)
    return defaults.page_not_found(request, exception)
