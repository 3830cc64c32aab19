"""The form for adding an article: pasted text or an uploaded .txt/.html file, plus metadata."""

from django import forms
from django.core.exceptions import ValidationError

from annotations import importers

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
METADATA_FIELDS = ("title", "source", "url", "byline", "published")


class ArticleImportForm(forms.Form):
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
        upload = self.cleaned_data["file"]
        if upload and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
                f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB."
            )
        return upload

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
        for name in METADATA_FIELDS:
            found = getattr(extracted, name)
            if not found or cleaned.get(name) or name in self.errors:
                continue
            try:
                cleaned[name] = self.fields[name].clean(found)
            except ValidationError:
                # A malformed value in someone else's page is left out, not blamed on the user.
                continue
