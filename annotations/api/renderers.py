"""The API's JSON renderer: DRF's, safe for error messages that quote a client's bad text."""

from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer


class _AsciiJSONRenderer(JSONRenderer):
    ensure_ascii = True


class SafeJSONRenderer(JSONRenderer):
    """UTF-8 JSON; falls back to \\u escapes for a lone surrogate, which UTF-8 cannot encode.

    Stored text never holds one (the services reject them), but a 400 that quotes the
    offending input ("“\\ud800” is not a valid choice") does.
    """

    def render(self, data, accepted_media_type=None, renderer_context=None):
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            return _AsciiJSONRenderer().render(data, accepted_media_type, renderer_context)


API_RENDERERS = [SafeJSONRenderer, BrowsableAPIRenderer]
