"""The API's JSON parser: DRF's, with a size limit and a 400 for absurdly deep nesting."""

import json

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser, get_encoding


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


class LimitedJSONParser(JSONParser):
    """DRF reads a JSON body whole, bypassing DATA_UPLOAD_MAX_MEMORY_SIZE; this enforces it.

    Python's decoder raises RecursionError (not ValueError) on nesting thousands deep, which
    DRF would let through as a 500.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = stream.read(limit + 1)
        if len(body) > limit:
            raise RequestTooLarge(f"The request body is larger than {limit:,} bytes.")
        try:
            return json.loads(body.decode(encoding), parse_constant=_reject_constant)
        except ValueError as error:
            raise ParseError(f"JSON parse error - {error}") from None
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None


def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")
