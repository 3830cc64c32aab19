"""What the generated OpenAPI schema adds to drf-spectacular's: the errors every operation
can answer with, and request bodies that admit no other keys (as the API enforces).

Wired in as SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"].
"""

from drf_spectacular.hooks import postprocess_schema_enums

ERROR = {
    "type": "object",
    "description": "What went wrong: `detail`, or a list of messages per field.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}


def response(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def error_responses(path: str, method: str, operation: dict) -> dict[str, dict]:
    """The error statuses this operation can answer with, besides its documented ones."""
    errors = {
        "401": response("No valid credentials (a token or a signed-in session)."),
        "403": response("Your role does not allow this."),
        # List pages answer 404 for a cursor that is not one of theirs.
        "404": response("No such row, or no such page of results."),
    }
    if operation.get("parameters") or "requestBody" in operation or method != "get":
        errors["400"] = response("The request's parameters or body are not valid.")
    if "requestBody" in operation:
        errors["413"] = response("The request body is too large.")
        errors["415"] = response("The body is not JSON.")
    if method == "post" and "{id}" not in path:
        errors["409"] = response("This clashes with a stored row (see `existing`).")
    if method in ("put", "patch") and path.startswith("/api/verdicts/"):
        errors["412"] = response("The verdict changed since the version in If-Match.")
    return errors


def strict_bodies(components: dict) -> None:
    """Input serializers reject unknown keys: say so (additionalProperties: false)."""
    for name, schema in components.items():
        if name.endswith("Input") or name.endswith("InputRequest"):
            schema["additionalProperties"] = False


def document_errors(result: dict, generator, **kwargs) -> dict:
    result = postprocess_schema_enums(result, generator)
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR
    strict_bodies(schemas)
    for path, methods in result.get("paths", {}).items():
        for method, operation in methods.items():
            responses = operation.setdefault("responses", {})
            for status, documented in error_responses(path, method, operation).items():
                responses.setdefault(status, documented)
    return result
