"""The reader's forms: they parse and check input shapes; the services decide what is allowed."""

from django import forms
from django.core.exceptions import ValidationError

from annotations.models import MAX_TEXT_LENGTH, Consensus, Label

# PostgreSQL integer columns stop at 2**31 - 1; larger numbers must fail as form errors.
MAX_VERSION = 2**31 - 1


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field, or above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class ReaderFilterForm(forms.Form):
    state = forms.ChoiceField(
        choices=[("", "All claims"), *Consensus.choices],
        required=False,
        error_messages={"invalid_choice": "“%(value)s” is not a verdict state to filter by."},
    )


class ClaimPointForm(forms.Form):
    """Where the reader clicked: the panel offers every claim covering that character."""

    at = forms.IntegerField(min_value=0, max_value=MAX_TEXT_LENGTH, required=False)


class SpanCreateForm(forms.Form):
    """A selection in the article: code-point offsets and the text the browser saw there."""

    start = forms.IntegerField(min_value=0, max_value=MAX_TEXT_LENGTH)
    end = forms.IntegerField(min_value=1, max_value=MAX_TEXT_LENGTH)
    quote = forms.CharField(strip=False, max_length=MAX_TEXT_LENGTH)


class SpanForm(forms.Form):
    claim = forms.CharField(
        label="Claim, restated",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    speaker = forms.CharField(required=False, max_length=200)


class VerdictForm(forms.Form):
    label = forms.ChoiceField(
        choices=Label.choices,
        error_messages={
            "required": "Choose supported, disputed or unverified.",
            "invalid_choice": "“%(value)s” is not a verdict: "
            "use supported, disputed or unverified.",
        },
    )
    rationale = forms.CharField(
        required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    # The version of the reviewer's verdict the page showed; empty when they had none yet.
    version = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_VERSION, widget=forms.HiddenInput
    )


class EvidenceForm(forms.Form):
    url = forms.URLField(label="URL", max_length=2000, assume_scheme="https")
    title = forms.CharField(required=False, max_length=300)
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
