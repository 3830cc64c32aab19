"""Maps domain errors to HTTP: invalid 400, forbidden 403, conflict 409, stale version 412."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from annotations.services import Conflict, StaleVersion


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
        reverse(f"api:{existing._meta.model_name}-detail", kwargs={"pk": existing.pk})
    )
    data = {"detail": exc.message, "existing": existing.pk, "existing_url": url}
    return Response(data, status=status.HTTP_409_CONFLICT, headers={"Location": url})
