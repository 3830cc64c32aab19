"""The JSONL export's records as read back: field types, decoding a line, parsing values.

Pure functions over decoded JSON and unsaved rows, no database: annotations.services.imports
builds rows from what these accept and reports what they refuse with its line number. A
problem is a pair (field, message); the field is a path such as `verdicts[1].evidence[2].url`
(counted from 1), or "" for the record as a whole.
"""

import datetime
import json

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from annotations.text import describe_forbidden_character

# Field name → (accepted JSON types, required). `None` in the types means null is allowed.
ARTICLE_FIELDS = {
    "type": ((str,), True),
    # What the spans of the same file or request name the article by: the export writes `id`,
    # a script may choose a `ref` instead.
    "id": ((int,), False),
    "ref": ((str, int), False),
    "title": ((str,), True),
    "text": ((str,), True),
    "source": ((str,), False),
    "url": ((str,), False),
    "byline": ((str,), False),
    "published": ((str, None), False),
    "language": ((str,), False),
    "status": ((str,), False),
    "blind_review": ((bool,), False),
    "revision": ((int,), False),
    "text_sha256": ((str,), False),
    "created_by": ((str, None), False),
    "created_at": ((str, None), False),
    "updated_at": ((str, None), False),
}
SPAN_FIELDS = {
    "type": ((str,), True),
    "id": ((int,), False),
    "article": ((int, str), True),
    "start": ((int,), True),
    "end": ((int,), True),
    "quote": ((str,), True),
    "prefix": ((str,), False),
    "suffix": ((str,), False),
    "claim": ((str,), False),
    "speaker": ((str,), False),
    "created_by": ((str, None), False),
    "highlighters": ((list,), False),
    "created_at": ((str, None), False),
    "updated_at": ((str, None), False),
    "is_orphaned": ((bool,), False),
    "state": ((str,), False),
    "final_label": ((str, None), False),
    "moderated_by": ((str, None), False),
    "moderated_at": ((str, None), False),
    "moderation_note": ((str,), False),
    "verdicts": ((list,), False),
    "publication": ((dict, None), False),
}
VERDICT_FIELDS = {
    "id": ((int,), False),
    "reviewer": ((str,), False),
    "label": ((str,), True),
    "rationale": ((str,), False),
    "version": ((int,), False),
    "created_at": ((str, None), False),
    "updated_at": ((str, None), False),
    "evidence": ((list,), False),
}
EVIDENCE_FIELDS = {
    "url": ((str,), True),
    "title": ((str,), False),
    "note": ((str,), False),
}
# A span's published fact check (annotations.models.Publication); `evidence` holds the links
# it shows, copied from the verdicts' evidence when it was published.
PUBLICATION_FIELDS = {
    "explanation": ((str,), False),
    "evidence": ((list,), False),
    "slug": ((str,), False),
    "published_at": ((str, None), False),
    "published_by": ((str, None), False),
    "created_at": ((str, None), False),
    "updated_at": ((str, None), False),
}
PUBLICATION_LINK_FIELDS = {
    "url": ((str,), True),
    "title": ((str,), False),
}
TYPE_NAMES = {
    str: "a string",
    int: "a whole number",
    bool: "true or false",
    list: "a list",
    dict: "an object",
}


Problems = list[tuple[str, str]]


class LineProblem(Exception):
    """What is wrong with one line, as (field, message) pairs; the importer adds the number."""

    def __init__(self, problems: Problems) -> None:
        super().__init__("; ".join(f"{name}: {message}" for name, message in problems))
        self.problems = problems


def decode_line(line: str | bytes) -> dict | None:
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as error:
            problem = f"not UTF-8 ({error.reason} at byte {error.start})"
            raise LineProblem([("", problem)]) from None
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except ValueError as error:
        raise LineProblem([("", f"not valid JSON ({error})")]) from None
    except RecursionError:
        raise LineProblem([("", "not valid JSON (nested too deeply)")]) from None
    return require_object(record)


def require_object(record: object) -> dict:
    if not isinstance(record, dict):
        raise LineProblem([("", "each record must be a JSON object")])
    return record


def check_types(record: dict, spec: dict, where: str = "") -> Problems:
    problems = []
    for name, (kinds, required) in spec.items():
        if name not in record:
            if required:
                problems.append((f"{where}{name}", "missing"))
            continue
        value = record[name]
        if value is None:
            if None not in kinds:
                problems.append((f"{where}{name}", "must not be null"))
        elif not has_type(value, kinds):
            allowed = " or ".join(TYPE_NAMES[kind] for kind in kinds if kind is not None)
            problems.append((f"{where}{name}", f"must be {allowed}"))
        elif isinstance(value, str) and (forbidden := describe_forbidden_character(value)):
            problems.append((f"{where}{name}", forbidden))
    problems.extend(
        (f"{where}{name}", "unknown field") for name in sorted(set(record) - set(spec), key=str)
    )
    return problems


def field_problems(instance, exclude: list[str], where: str = "") -> Problems:
    """The model's own field rules (lengths, URLs, choices) on an unsaved row. Callers
    exclude its foreign keys, so no query is made."""
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as error:
        return [
            (f"{where}{name}", " ".join(messages)) for name, messages in error.message_dict.items()
        ]
    return []


def has_type(value, kinds) -> bool:
    # JSON true/false arrive as bool, which Python counts as int: a flag is not a number.
    if isinstance(value, bool):
        return bool in kinds
    return isinstance(value, tuple(kind for kind in kinds if kind is not None))


def raise_if(problems: Problems) -> None:
    if problems:
        raise LineProblem(problems)


def parsed_value(record: dict, name: str, parse, problems: Problems, where: str = ""):
    """The field parsed by `parse` (parse_date or parse_datetime), or None if null or absent."""
    value = record.get(name)
    if value is None:
        return None
    try:
        parsed = parse(value)
    except ValueError:
        parsed = None
    if parsed is None:
        kind = "date and time" if parse is parse_datetime else "date"
        problems.append((f"{where}{name}", f"not an ISO 8601 {kind}"))
    return parsed


def parsed_timestamp(record: dict, name: str, problems: Problems, where: str = ""):
    parsed = parsed_value(record, name, parse_datetime, problems, where)
    if parsed is None or timezone.is_aware(parsed):
        return parsed
    return parsed.replace(tzinfo=datetime.UTC)
