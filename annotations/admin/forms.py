"""Admin forms that check what the services would refuse, so errors show on the form."""

from django import forms

from annotations.models import Verdict
from annotations.text import describe_forbidden_character, lf_line_breaks


class ServiceForm(forms.ModelForm):
    """Refuses characters the services never store (NUL, other controls, lone surrogates),
    after turning a browser's CR LF line breaks into the LF the app stores."""

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if not isinstance(value, str):
                continue
            cleaned[name] = value = lf_line_breaks(value)
            if problem := describe_forbidden_character(value):
                self.add_error(name, f"Contains a {problem}; remove it.")
        return cleaned


class VerdictForm(ServiceForm):
    """Guards a correction against a change the reviewer made while the page was open."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded_version")
        current = Verdict.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
        if loaded is not None and loaded != current.first():
            raise forms.ValidationError(
                "The reviewer changed this verdict since you opened it. Reload the page to "
                "see their change, then make your correction again."
            )
        return cleaned

    def has_changed(self) -> bool:
        return bool(set(self.changed_data) - {"loaded_version"})
