"""Input checks every service shares: forbidden characters, field rules, verdict labels."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError

from annotations.models import Label, label_error
from annotations.text import describe_forbidden_character


def reject_forbidden_characters(**fields: object) -> None:
    """NUL, lone surrogates and other characters no stored text may hold (400 per field)."""
    errors = {}
    for name, value in fields.items():
        if isinstance(value, str) and (problem := describe_forbidden_character(value)):
            errors[name] = problem
    if errors:
        raise ValidationError(errors)


def check_fields(instance, *, exclude: Iterable[str] = ()) -> None:
    """The model's field rules (lengths, URLs, choices); constraints are left to the database.

    Callers exclude the foreign keys whose rows they hold, so no existence query is made.
    """
    instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)


def require_label(label: object, *, field: str = "label") -> str:
    if label not in Label.values:
        raise ValidationError({field: label_error(label)})
    return label
