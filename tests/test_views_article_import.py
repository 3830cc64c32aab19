"""The add-article page: pasted text, .txt and .html uploads, duplicates, errors, permissions."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from annotations.forms import MAX_UPLOAD_BYTES
from annotations.models import Article
from tests.factories import ArticleFactory
from tests.helpers import NEWS_PAGE

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("annotations:article-import")
TEXT = "The minister said unemployment fell to 4.2 percent.\n\nCritics disagreed."


def _form(**fields) -> dict:
    return {"title": "", "text": "", "source": "", "url": "", "language": "en", **fields}


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_import_page_shows_the_form(editor_client):
    response = editor_client.get(IMPORT_URL)

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert 'name="text"' in response.text
    assert 'name="file"' in response.text


def test_pasted_text_becomes_an_article_and_opens_the_reader(editor_client, editor):
    response = editor_client.post(
        IMPORT_URL,
        _form(
            title="Jobs figures",
            text=TEXT,
            source="The Daily Example",
            url="https://daily.example/jobs",
            byline="Jane Reporter",
            published="2024-03-15",
            language="en",
        ),
    )

    article = Article.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("annotations:article-detail", args=[article.pk])
    assert article.text == TEXT
    assert (article.title, article.source, article.url, article.byline) == (
        "Jobs figures",
        "The Daily Example",
        "https://daily.example/jobs",
        "Jane Reporter",
    )
    assert article.published == datetime.date(2024, 3, 15)
    assert article.created_by == editor


def test_txt_upload_becomes_an_article(editor_client):
    upload = _upload("jobs.txt", "\ufeffUnemployment fell — says the minister.".encode())

    response = editor_client.post(IMPORT_URL, _form(title="Jobs", file=upload))

    assert response.status_code == 302
    assert Article.objects.get().text == "Unemployment fell — says the minister."


def test_html_upload_keeps_only_the_article_body_and_fills_blank_fields(editor_client):
    upload = _upload("jobs.html", NEWS_PAGE.encode())

    response = editor_client.post(IMPORT_URL, _form(file=upload))

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.text.startswith("The minister said on Tuesday")
    assert article.text.endswith("before the budget debate next month.")
    assert "Subscribe" not in article.text
    assert "Copyright" not in article.text
    assert article.title == "Minister claims unemployment fell to 4.2 percent"
    assert article.source == "The Daily Example"
    assert article.byline == "Jane Reporter"
    assert article.published == datetime.date(2024, 3, 15)


def test_html_upload_keeps_what_the_user_typed_over_the_page_metadata(editor_client):
    upload = _upload("jobs.html", NEWS_PAGE.encode())

    editor_client.post(IMPORT_URL, _form(file=upload, title="My title", source="Wire"))

    article = Article.objects.get()
    assert (article.title, article.source) == ("My title", "Wire")


def test_duplicate_text_links_to_the_existing_article_instead_of_copying(editor_client):
    existing = ArticleFactory(title="Already here", text=TEXT)

    response = editor_client.post(IMPORT_URL, _form(title="Again", text=TEXT))

    assert response.status_code == 200
    assert response.context["duplicate"] == existing
    detail_url = reverse("annotations:article-detail", args=[existing.pk])
    assert f'href="{detail_url}">Already here</a>' in response.text
    assert Article.objects.count() == 1


def test_empty_form_asks_for_text(editor_client):
    response = editor_client.post(IMPORT_URL, _form(title="Nothing", text="  \n "))

    assert response.status_code == 200
    assert response.context["form"].errors["text"] == [
        "Paste the article's text or upload a file."
    ]
    assert not Article.objects.exists()


def test_text_and_file_together_are_refused(editor_client):
    upload = _upload("jobs.txt", b"From the file.")

    response = editor_client.post(IMPORT_URL, _form(title="Both", text=TEXT, file=upload))

    assert response.context["form"].non_field_errors() == [
        "Paste the text or upload a file, not both."
    ]
    assert not Article.objects.exists()


def test_missing_title_is_an_error_on_the_title(editor_client):
    response = editor_client.post(IMPORT_URL, _form(text=TEXT))

    assert response.context["form"].errors["title"] == ["Give the article a title."]
    assert not Article.objects.exists()


def test_oversize_upload_is_refused_with_the_limit(editor_client):
    upload = _upload("huge.txt", b"a" * (MAX_UPLOAD_BYTES + 1))

    response = editor_client.post(IMPORT_URL, _form(title="Huge", file=upload))

    [error] = response.context["form"].errors["file"]
    assert "the limit is 5 MB" in error
    assert not Article.objects.exists()


def test_upload_in_another_encoding_is_refused_with_advice(editor_client):
    upload = _upload("latin.txt", "Café au lait".encode("latin-1"))

    response = editor_client.post(IMPORT_URL, _form(title="Latin-1", file=upload))

    [error] = response.context["form"].errors["file"]
    assert error.startswith("The file is not UTF-8 text")
    assert "Save it as UTF-8" in response.text
    assert not Article.objects.exists()


def test_upload_of_another_file_type_is_refused(editor_client):
    upload = _upload("report.pdf", b"%PDF-1.7")

    response = editor_client.post(IMPORT_URL, _form(title="PDF", file=upload))

    assert "Upload a .txt or .html file" in response.context["form"].errors["file"][0]
    assert not Article.objects.exists()


def test_bad_url_is_an_error_on_the_url(editor_client):
    response = editor_client.post(IMPORT_URL, _form(title="T", text=TEXT, url="not a url"))

    assert response.context["form"].errors["url"] == ["Enter a valid URL."]
    assert not Article.objects.exists()


def test_bad_date_is_an_error_on_the_date(editor_client):
    response = editor_client.post(IMPORT_URL, _form(title="T", text=TEXT, published="2024-02-30"))

    assert response.context["form"].errors["published"] == ["Enter a valid date."]
    assert not Article.objects.exists()


def test_null_character_in_pasted_text_is_refused(editor_client):
    response = editor_client.post(IMPORT_URL, _form(title="T", text="Nul\x00character"))

    assert response.context["form"].errors["text"] == ["Null characters are not allowed."]
    assert not Article.objects.exists()


def test_service_errors_show_on_the_field(editor_client):
    response = editor_client.post(IMPORT_URL, _form(title="T", text="Ring \x07 the bell."))

    [error] = response.context["form"].errors["text"]
    assert "control character U+0007" in error
    assert 'aria-invalid="true"' in response.text
    assert not Article.objects.exists()


def test_service_errors_about_an_uploaded_text_show_on_the_file(editor_client):
    upload = _upload("bell.txt", b"Ring \x07 the bell.")

    response = editor_client.post(IMPORT_URL, _form(title="T", file=upload))

    assert "control character U+0007" in response.context["form"].errors["file"][0]
    assert not Article.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_user_without_a_role_is_refused_clearly(client, outsider, method):
    client.force_login(outsider)

    response = getattr(client, method)(IMPORT_URL, _form(title="T", text=TEXT))

    assert response.status_code == 403
    assert "Only editors and moderators can add articles." in response.text
    assert not Article.objects.exists()


def test_moderator_can_import(moderator_client, moderator):
    response = moderator_client.post(IMPORT_URL, _form(title="T", text=TEXT))

    assert response.status_code == 302
    assert Article.objects.get().created_by == moderator
