"""The API's renderers: JSON safe for any error message, and DRF's HTML pages under our CSP."""

from django.conf import settings
from django.middleware.csp import get_nonce
from django.utils.csp import CSP, build_policy
from rest_framework import renderers

# DRF's browsable pages and Swagger UI carry a few inline styles; only those pages allow them.
INLINE_STYLES_CSP = settings.SECURE_CSP | {"style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}


class AsciiJSONRenderer(renderers.JSONRenderer):
    ensure_ascii = True


class SafeJSONRenderer(renderers.JSONRenderer):
    """UTF-8 JSON; falls back to \\u escapes for a lone surrogate, which UTF-8 cannot encode.

    Stored text never holds one (the services reject them), but a 400 that quotes the
    offending input ("“\\ud800” is not a valid choice") does.
    """

    def render(self, data, accepted_media_type=None, renderer_context=None):
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            return AsciiJSONRenderer().render(data, accepted_media_type, renderer_context)


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's HTML pages, for people signed in with a browser, under INLINE_STYLES_CSP."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Django's CSP middleware leaves a policy the response already has as it is.
        policy = build_policy(INLINE_STYLES_CSP, get_nonce(renderer_context["request"]))
        renderer_context["response"].headers[str(CSP.HEADER_ENFORCE)] = policy
        return super().render(data, accepted_media_type, renderer_context)


API_RENDERERS = [SafeJSONRenderer, BrowsableAPIRenderer]
