"""The revise page (edit or upload a new text) and "What changed" (the last revision's diff)."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from annotations import services
from annotations.models import Article
from tests.factories import ArticleFactory
from tests.helpers import CRITICS, FIRST_SENTENCE, NEWS_PAGE, REWORDED, signed_in_client, span_over

pytestmark = pytest.mark.django_db


def revise_url(article: Article) -> str:
    return reverse("annotations:article-revise", args=[article.pk])


def changes_url(article: Article) -> str:
    return reverse("annotations:article-changes", args=[article.pk])


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def form_errors(response, field: str) -> list[str]:
    return response.context["form"].errors[field]


# The revise page: who may use it


def test_revise_page_shows_the_current_text_to_the_importing_editor(editor_client, article):
    response = editor_client.get(revise_url(article))

    assert response.status_code == 200
    assert response.context["form"]["text"].value() == article.text
    assert "Save revision 2" in response.text


def test_moderator_may_revise_any_article(moderator_client, article):
    response = moderator_client.post(revise_url(article), {"text": article.text + " More."})

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.revision == 2


@pytest.mark.parametrize("method", ["get", "post"])
def test_revise_page_is_refused_to_another_editor(second_editor, article, method):
    client = signed_in_client(second_editor, htmx=False)

    response = getattr(client, method)(revise_url(article), {"text": "Changed."})

    assert response.status_code == 403
    assert "Only the editor who imported this article" in response.text
    article.refresh_from_db()
    assert article.revision == 1


def test_revise_page_is_refused_to_a_user_without_a_role(outsider, article):
    response = signed_in_client(outsider, htmx=False).post(revise_url(article), {"text": "X."})

    assert response.status_code == 403


def test_revise_page_sends_anonymous_visitors_to_sign_in(client, article):
    response = client.get(revise_url(article))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_reader_offers_revise_text_to_the_importing_editor(editor_client, article):
    response = editor_client.get(reverse("annotations:article-detail", args=[article.pk]))

    assert f'href="{revise_url(article)}"' in response.text


def test_reader_offers_no_revise_text_to_another_editor(second_editor, article):
    client = signed_in_client(second_editor, htmx=False)

    response = client.get(reverse("annotations:article-detail", args=[article.pk]))

    assert revise_url(article) not in response.text


def test_revise_page_query_count(editor_client, article, django_assert_max_num_queries):
    # Session, user, roles; the article; its claim count.
    with django_assert_max_num_queries(5):
        response = editor_client.get(revise_url(article))

    assert response.status_code == 200


# Revising: the result


def test_revising_re_anchors_and_says_how_many_claims_moved_and_were_orphaned(
    editor, editor_client, article
):
    kept = span_over(article, FIRST_SENTENCE)
    lost = span_over(article, CRITICS)
    new_text = "UPDATE: corrected.\n\n" + article.text.replace(CRITICS, REWORDED)

    response = editor_client.post(revise_url(article), {"text": new_text, "note": "Correction."})

    assert response.status_code == 302
    assert response.url == reverse("annotations:article-detail", args=[article.pk])
    [message] = get_messages(response.wsgi_request)
    assert str(message) == (
        "Revision 2 saved. 1 claim re-anchored to the new text; 1 orphaned (not found again): "
        "re-attach or dismiss it under “Orphaned claims”."
    )
    kept.refresh_from_db()
    lost.refresh_from_db()
    assert kept.start == new_text.index(FIRST_SENTENCE)
    assert lost.is_orphaned


def test_revising_without_losing_a_claim_says_none_orphaned(editor_client, article):
    span_over(article, FIRST_SENTENCE)

    response = editor_client.post(
        revise_url(article), {"text": "New first line.\n\n" + article.text}
    )

    [message] = get_messages(response.wsgi_request)
    assert str(message) == "Revision 2 saved. 1 claim re-anchored to the new text; none orphaned."


def test_browser_line_ends_are_normalised(editor_client, article):
    expected = article.text + "\n\nA new paragraph."

    editor_client.post(revise_url(article), {"text": expected.replace("\n", "\r\n")})

    article.refresh_from_db()
    assert article.text == expected


def test_uploaded_text_file_becomes_the_new_revision(editor_client, article):
    response = editor_client.post(
        revise_url(article),
        {"text": article.text, "file": upload("new.txt", b"A whole new text.")},
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.revision, article.text) == (2, "A whole new text.")


def test_uploaded_web_page_gives_its_main_text(editor_client, article):
    editor_client.post(
        revise_url(article), {"text": "", "file": upload("page.html", NEWS_PAGE.encode())}
    )

    article.refresh_from_db()
    assert article.text.startswith("The minister said on Tuesday")
    assert "Subscribe" not in article.text


# Revising: refusals keep what was typed


def test_empty_text_is_a_form_error(editor_client, article):
    response = editor_client.post(revise_url(article), {"text": "  \n "})

    assert response.status_code == 200
    assert "The text is empty" in form_errors(response, "text")[0]
    article.refresh_from_db()
    assert article.revision == 1


def test_the_same_text_again_is_a_form_error_and_changes_nothing(editor_client, article):
    response = editor_client.post(revise_url(article), {"text": article.text + "\n"})

    assert form_errors(response, "text") == [
        "This is the text of revision 1 already: nothing changed."
    ]
    article.refresh_from_db()
    assert article.revision == 1


def test_forbidden_character_is_an_error_and_the_typing_is_kept(editor_client, article):
    typed = article.text + "\n\nRing \x07 the bell."

    response = editor_client.post(revise_url(article), {"text": typed})

    assert "control character U+0007" in form_errors(response, "text")[0]
    assert "Ring \x07 the bell." in response.context["form"]["text"].value()
    assert 'aria-invalid="true"' in response.text


def test_over_long_text_is_an_error_with_the_limit(editor_client, article, monkeypatch):
    monkeypatch.setattr("annotations.services.articles.MAX_TEXT_LENGTH", 200)

    response = editor_client.post(revise_url(article), {"text": "Words. " * 40})

    assert "the limit is 200" in form_errors(response, "text")[0]
    assert response.context["form"]["text"].value() == "Words. " * 40


def test_unreadable_file_is_an_error_on_the_file_and_keeps_the_typing(editor_client, article):
    typed = article.text + "\n\nMy edit."

    response = editor_client.post(
        revise_url(article), {"text": typed, "file": upload("report.pdf", b"%PDF-1.7")}
    )

    # An edited text and a file clash first; without the edit the file's type is the error.
    assert response.context["form"].non_field_errors()
    response = editor_client.post(
        revise_url(article), {"text": article.text, "file": upload("report.pdf", b"%PDF-1.7")}
    )
    assert "Upload a .txt or .html file" in form_errors(response, "file")[0]
    assert response.context["form"]["text"].value() == article.text


def test_edited_text_and_a_file_together_are_refused(editor_client, article):
    typed = article.text + "\n\nMy edit."

    response = editor_client.post(
        revise_url(article), {"text": typed, "file": upload("new.txt", b"Other text.")}
    )

    assert "Edit the text or upload a file, not both" in response.text
    assert response.context["form"]["text"].value() == typed
    article.refresh_from_db()
    assert article.revision == 1


def test_service_errors_about_an_uploaded_text_show_on_the_file(editor_client, article):
    response = editor_client.post(
        revise_url(article), {"text": "", "file": upload("bell.txt", b"Ring \x07 the bell.")}
    )

    assert "control character U+0007" in form_errors(response, "file")[0]


def test_text_of_another_article_is_refused_with_a_link_to_it(editor_client, article):
    other = ArticleFactory(title="The other one")

    response = editor_client.post(revise_url(article), {"text": other.text})

    assert form_errors(response, "text") == ["Another article already has this text."]
    assert reverse("annotations:article-detail", args=[other.pk]) in response.text
    article.refresh_from_db()
    assert article.revision == 1


# The revision number and "What changed"


def revised(article: Article, user, text: str, note: str = "") -> Article:
    services.article_revise_text(user=user, article=article, text=text, note=note)
    return article


def test_reader_shows_the_revision_and_links_to_what_changed(editor, editor_client, article):
    revised(article, editor, article.text + " Updated.")

    response = editor_client.get(reverse("annotations:article-detail", args=[article.pk]))

    assert "Revision 2" in response.text
    assert f'href="{changes_url(article)}">What changed in revision 2</a>' in response.text


def test_reader_has_no_what_changed_link_before_a_revision(editor_client, article):
    response = editor_client.get(reverse("annotations:article-detail", args=[article.pk]))

    assert changes_url(article) not in response.text


def test_what_changed_marks_added_and_removed_words(editor, editor_client, article):
    revised(article, editor, article.text.replace("4.2 percent", "4.6 percent"))

    response = editor_client.get(changes_url(article))

    assert response.status_code == 200
    assert "<del>2</del><ins>6</ins>" in response.text
    assert "What changed in revision 2" in response.text


def test_what_changed_says_who_revised_and_their_note(editor, editor_client, article):
    editor.first_name, editor.last_name = "Ada", "Reviewer"
    editor.save()
    revised(article, editor, article.text + " Updated.", note="Agency correction.")

    response = editor_client.get(changes_url(article))

    assert "Revised by Ada Reviewer" in response.text
    assert "Agency correction." in response.text


def test_what_changed_escapes_the_text(editor, editor_client, article):
    revised(article, editor, article.text + "\n\n<script>alert('x')</script>")

    response = editor_client.get(changes_url(article))

    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in response.text


def test_what_changed_shows_only_changed_paragraphs_of_a_long_article(editor, editor_client):
    paragraphs = [f"Paragraph {n} of a long article." for n in range(30)]
    article = ArticleFactory(text="\n\n".join(paragraphs), created_by=editor)
    paragraphs[15] = "Paragraph 15 was corrected."
    revised(article, editor, "\n\n".join(paragraphs))

    response = editor_client.get(changes_url(article))

    assert "Paragraph 14 of a long article." in response.text
    assert "Paragraph 16 of a long article." in response.text
    assert "Paragraph 3 of a long article." not in response.text
    assert "14 unchanged paragraphs" in response.text
    assert "13 unchanged paragraphs" in response.text


def test_what_changed_of_an_article_never_revised(editor_client, article):
    response = editor_client.get(changes_url(article))

    assert response.status_code == 200
    assert "This article has not been revised" in response.text


def test_what_changed_query_count(editor, editor_client, article, django_assert_max_num_queries):
    revised(article, editor, article.text + " Updated.")

    # Session, user, roles (the menu); the article; who revised it; the text before.
    with django_assert_max_num_queries(6):
        response = editor_client.get(changes_url(article))

    assert response.status_code == 200
