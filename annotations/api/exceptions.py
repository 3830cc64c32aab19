"""Maps domain errors to HTTP: invalid 400, forbidden 403, conflict 409, stale version 412."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from annotations.services import Conflict, StaleVersion


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, Conflict):
        data = {"detail": exc.message, "existing": exc.existing.pk}
        return Response(data, status=status.HTTP_409_CONFLICT)
    elif isinstance(exc, StaleVersion):
        data = {"detail": str(exc), "current_version": exc.current_version}
        return Response(data, status=status.HTTP_412_PRECONDITION_FAILED)
    return drf_exception_handler(exc, context)
