"""The pages' forms: they parse and check input shapes; the services decide what is allowed.

The reader's forms (claim point, selection, claim details, verdict, evidence, comments,
moderation, publication), the forms for adding an article and revising its text, and the
assignment forms. A service's ValidationError reaches a form through `add_service_errors`.
The pages' filter forms (GET) live with the other filters, in `annotations.filters`.
"""

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError

from annotations import importers
from annotations.models import MAX_TEXT_LENGTH, Label, label_error
from annotations.services.assignments import MAX_REVIEWERS_NEEDED, name_of
from annotations.text import lf_line_breaks, normalize_text

# PostgreSQL integer columns stop at 2**31 - 1; larger numbers must fail as form errors.
MAX_VERSION = 2**31 - 1
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# What a saved web page's own metadata may fill in when the user left it blank.
FILE_METADATA_FIELDS = ("title", "source", "url", "byline", "published")


def add_service_errors(
    form: forms.Form, error: ValidationError, *, renamed: Mapping[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form: each message beside the field it names
    (`renamed` maps a service's field name to the form's), the others above the form."""
    renamed = renamed or {}
    errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, messages in errors.items():
        field = renamed.get(field, field)
        form.add_error(field if field in form.fields else None, messages)


class BlindReviewForm(forms.Form):
    """A moderator turns an article's blind review on or off."""

    blind_review = forms.TypedChoiceField(
        choices=[("true", "On"), ("false", "Off")],
        coerce=lambda value: value == "true",
        error_messages={"invalid_choice": "“%(value)s” is not a setting: use true or false."},
    )


class MultiLineField(forms.CharField):
    """A textarea's text with LF line breaks: a browser submits a plain form's textarea with
    CR LF, which the services would refuse as a control character (htmx sends LF)."""

    widget = forms.Textarea

    def to_python(self, value):
        return lf_line_breaks(super().to_python(value))


class ClaimPointForm(forms.Form):
    """Where the reader clicked: the panel offers every claim covering that character."""

    at = forms.IntegerField(min_value=0, max_value=MAX_TEXT_LENGTH, required=False)


class SpanCreateForm(forms.Form):
    """A selection in the article: code-point offsets and the text the browser saw there."""

    start = forms.IntegerField(min_value=0, max_value=MAX_TEXT_LENGTH)
    end = forms.IntegerField(min_value=1, max_value=MAX_TEXT_LENGTH)
    quote = forms.CharField(strip=False, max_length=MAX_TEXT_LENGTH)


class SpanDetailsForm(forms.Form):
    """The claim restated, and who made it."""

    claim = MultiLineField(
        label="Claim, restated",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    speaker = forms.CharField(required=False, max_length=200)


class VerdictSetForm(forms.Form):
    """A reviewer's own verdict on a claim, as the claim panel sends it."""

    label = forms.ChoiceField(
        choices=Label.choices,
        error_messages={
            "required": "Choose supported, disputed or unverified.",
            "invalid_choice": label_error("%(value)s"),
        },
    )
    rationale = MultiLineField(
        required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    # The version of the reviewer's verdict the page showed; empty when they had none yet.
    version = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_VERSION, widget=forms.HiddenInput
    )


class ModerationForm(forms.Form):
    """A moderator's decision from the claim panel: approve with the reviewers' majority,
    settle with a label, reject or reopen; with an optional note for the claim's history.
    Used with prefix="moderation": the evidence form has a `note` too."""

    APPROVE, REJECT, REOPEN = "approve", "reject", "reopen"

    decision = forms.ChoiceField(
        choices=[
            (APPROVE, "Approve with the majority verdict"),
            *((label, f"Settle as {name.lower()}") for label, name in Label.choices),
            (REJECT, "Reject: not a checkable claim"),
            (REOPEN, "Reopen: back to the queue"),
        ],
        error_messages={"invalid_choice": "“%(value)s” is not a decision."},
    )
    note = MultiLineField(
        required=False,
        max_length=2000,
        label="Note for the history",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PublicationForm(forms.Form):
    """A moderator's publication from the claim panel: the explanation the public reads, the
    evidence links shown (`choices`: the claim's, from `evidence_choices`), and what to do.
    Used with prefix="publication"."""

    PUBLISH, SAVE, UNPUBLISH = "publish", "save", "unpublish"

    explanation = MultiLineField(
        required=False,
        max_length=10_000,
        label="Explanation for the public",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Why the claim got its rating. Shown on the public page; no reviewer names.",
    )
    evidence = forms.MultipleChoiceField(
        required=False,
        label="Sources shown",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "“%(value)s” is not an evidence link of this claim."},
    )
    action = forms.ChoiceField(
        choices=[(PUBLISH, "Publish"), (SAVE, "Save draft"), (UNPUBLISH, "Unpublish")],
        error_messages={"invalid_choice": "“%(value)s” is not a publication action."},
    )

    def __init__(self, *args, links: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].choices = [
            (link["url"], link["title"] or link["url"]) for link in links
        ]


class EvidenceAddForm(forms.Form):
    url = forms.URLField(label="URL", max_length=2000, assume_scheme="https")
    title = forms.CharField(required=False, max_length=300)
    note = MultiLineField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommentForm(forms.Form):
    """A comment in a claim's discussion, new (prefix "comment") or edited (prefix
    "comment-<id>": each form's field has a name of its own, so the panel keeps a draft of
    each). The service checks the text: stripped, not empty, at most 10,000 characters."""

    text = MultiLineField(
        label="Your comment",
        required=False,
        strip=False,
        help_text="Plain text. Links become clickable; @username mentions a colleague.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CommentEditForm(CommentForm):
    """A comment corrected in place, under the comment it replaces."""

    text = MultiLineField(
        label="Edit the comment",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    @staticmethod
    def prefix_for(comment_pk: int) -> str:
        """Each comment's form has its own prefix, so its field `comment-<id>-text` too."""
        return f"comment-{comment_pk}"


def checked_upload(upload):
    """An uploaded article file within the size limit (a form error otherwise)."""
    if upload and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB."
        )
    return upload


class ArticleImportForm(forms.Form):
    """A new article: pasted text or an uploaded .txt/.html file, plus its metadata."""

    text = forms.CharField(
        required=False,
        label="Paste the text",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text="Blank lines separate paragraphs.",
    )
    file = forms.FileField(
        required=False,
        label="Or upload a file",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.text,.html,.htm"}),
        help_text="A .txt file (UTF-8) or a saved .html page, up to 5 MB. From a web page only "
        "the article's main text is kept, and its title, source, byline and date fill the "
        "fields you leave blank.",
    )
    title = forms.CharField(max_length=300, required=False)
    source = forms.CharField(
        max_length=200, required=False, help_text="The outlet, e.g. “The Daily Example”."
    )
    url = forms.URLField(max_length=2000, required=False, label="URL", assume_scheme="https")
    byline = forms.CharField(max_length=300, required=False)
    published = forms.DateField(
        required=False,
        label="Published on",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    language = forms.CharField(max_length=16, initial="en", help_text="A code: en, de, fr…")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.used_upload = False

    def clean_file(self):
        return checked_upload(self.cleaned_data["file"])

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        pasted = cleaned.get("text", "")
        if "file" in self.errors:
            return cleaned
        if upload and pasted.strip():
            raise ValidationError("Paste the text or upload a file, not both.")
        if upload:
            self.used_upload = True
            try:
                extracted = importers.extract_upload(upload.name, upload.read())
            except importers.UnreadableFile as error:
                self.add_error("file", str(error))
                return cleaned
            cleaned["text"] = extracted.text
            self._fill_blanks(cleaned, extracted)
        elif not pasted.strip() and "text" not in self.errors:
            self.add_error("text", "Paste the article's text or upload a file.")
        if not cleaned.get("title") and "title" not in self.errors:
            self.add_error("title", "Give the article a title.")
        return cleaned

    def _fill_blanks(self, cleaned: dict, extracted: importers.ExtractedArticle) -> None:
        """What the user typed wins; the file's own metadata fills only blank fields."""
        for name in FILE_METADATA_FIELDS:
            found = getattr(extracted, name)
            if not found or cleaned.get(name) or name in self.errors:
                continue
            try:
                cleaned[name] = self.fields[name].clean(found)
            except ValidationError:
                # A malformed value in someone else's page is left out, not blamed on the user.
                continue


class ArticleReviseForm(forms.Form):
    """A new revision of an article's text: the text edited in place (the field starts with
    the current text), or a new version uploaded as a .txt/.html file; and a note on what
    changed for the history."""

    text = forms.CharField(
        required=False,
        label="Edit the current text",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
        help_text="Blank lines separate paragraphs.",
    )
    file = forms.FileField(
        required=False,
        label="A new version as a file",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.text,.html,.htm"}),
        help_text="A .txt file (UTF-8) or a saved .html page, up to 5 MB, replacing the whole "
        "text. From a web page only the article's main text is kept.",
    )
    note = forms.CharField(
        required=False,
        max_length=300,
        label="What changed (optional)",
        help_text="Kept in the article's history, e.g. “Correction: the rate was 4.6 percent”.",
    )

    def __init__(self, *args, article, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.current_text = article.text
        self.used_upload = False
        # In the article's language and direction: an Arabic text reads right to left here too.
        self.fields["text"].widget.attrs.update(lang=article.language, dir=article.direction)

    def clean_file(self):
        return checked_upload(self.cleaned_data["file"])

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        typed = cleaned.get("text", "")
        if "file" in self.errors:
            return cleaned
        if upload:
            # The field starts with the current text: only an edit to it clashes with a file.
            if typed.strip() and normalize_text(typed) != self.current_text:
                raise ValidationError(
                    "Edit the text or upload a file, not both: undo your edits to the text, "
                    "or remove the file."
                )
            self.used_upload = True
            try:
                cleaned["text"] = importers.extract_upload(upload.name, upload.read()).text
            except importers.UnreadableFile as error:
                self.add_error("file", str(error))
        elif not typed.strip() and "text" not in self.errors:
            self.add_error("text", "The text is empty: write the article's text, or upload it.")
        return cleaned


class AssignmentForm(forms.Form):
    """A moderator assigns the article to an editor or a moderator, perhaps by a date (choosing
    someone assigned already gives them that due date)."""

    reviewer = forms.ModelChoiceField(
        queryset=None,
        to_field_name="username",
        empty_label="Choose a reviewer…",
        error_messages={
            "required": "Choose whom to assign.",
            "invalid_choice": "Choose an editor or a moderator from the list.",
        },
    )
    due = forms.DateField(
        required=False,
        label="Due (optional)",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date as year-month-day, e.g. 2026-12-01."},
    )

    def __init__(self, *args, reviewers, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label_from_instance = name_of
        self.fields["due"].widget.attrs["min"] = today.isoformat()


class ReviewersNeededForm(forms.Form):
    """How many reviewers an article needs (moderators)."""

    reviewers_needed = forms.IntegerField(
        label="Reviewers needed",
        min_value=1,
        max_value=MAX_REVIEWERS_NEEDED,
        error_messages={"required": "Give how many reviewers it needs."},
    )
