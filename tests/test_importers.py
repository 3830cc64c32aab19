"""Text extraction from uploaded .txt and .html files (no database)."""

import codecs
import datetime

import pytest

from annotations import importers
from annotations.importers import ExtractedArticle, UnreadableFile, extract_upload
from tests.helpers import NEWS_PAGE


def test_txt_upload_is_decoded_as_utf8():
    extracted = extract_upload("claims.txt", "Café “quoted” 🙂\n\nSecond.".encode())

    assert extracted == ExtractedArticle(text="Café “quoted” 🙂\n\nSecond.")


def test_txt_upload_drops_a_utf8_byte_order_mark():
    extracted = extract_upload("claims.txt", codecs.BOM_UTF8 + b"Plain text.")

    assert extracted.text == "Plain text."


def test_txt_upload_with_a_utf16_byte_order_mark_is_decoded_as_utf16():
    extracted = extract_upload("claims.txt", "Grüße aus Köln.".encode("utf-16"))

    assert extracted.text == "Grüße aus Köln."


def test_txt_upload_that_is_not_utf8_is_refused_with_the_byte_position():
    with pytest.raises(UnreadableFile, match=r"not UTF-8.*byte 4"):
        extract_upload("claims.txt", "Café au lait".encode("latin-1"))


def test_file_type_is_recognised_case_insensitively():
    extracted = extract_upload("CLAIMS.TXT", b"Shouting file name.")

    assert extracted.text == "Shouting file name."


def test_unsupported_file_type_is_refused_naming_the_allowed_ones():
    with pytest.raises(UnreadableFile, match=r"\.txt or \.html"):
        extract_upload("report.pdf", b"%PDF-1.7")


def test_html_upload_keeps_only_the_article_body():
    extracted = extract_upload("page.html", NEWS_PAGE.encode())

    assert "unemployment fell to 4.2 percent in March" in extracted.text
    assert "budget debate next month." in extracted.text
    for boilerplate in ("Subscribe now", "Home", "Copyright", "Privacy policy"):
        assert boilerplate not in extracted.text


def test_html_upload_separates_paragraphs_with_blank_lines():
    extracted = extract_upload("page.html", NEWS_PAGE.encode())

    paragraphs = extracted.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[1].startswith("Critics said")


def test_html_upload_leaves_the_headline_out_of_the_text():
    extracted = extract_upload("page.html", NEWS_PAGE.encode())

    assert extracted.title == "Minister claims unemployment fell to 4.2 percent"
    assert not extracted.text.startswith("Minister claims")


def test_html_upload_reads_the_page_metadata():
    extracted = extract_upload("page.htm", NEWS_PAGE.encode())

    assert extracted.byline == "Jane Reporter"
    assert extracted.source == "The Daily Example"
    assert extracted.url == "https://daily.example/politics/unemployment"
    assert extracted.published == datetime.date(2024, 3, 15)


def test_html_upload_honours_the_declared_encoding():
    page = NEWS_PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace(
        "The minister said", "Le ministère a déclaré"
    )

    extracted = extract_upload("page.html", page.encode("windows-1252"))

    assert "Le ministère a déclaré" in extracted.text


def test_html_upload_without_article_text_is_refused():
    with pytest.raises(UnreadableFile, match="No article text"):
        extract_upload("gallery.html", b"<html><head><title>Gallery</title></head></html>")


def test_a_page_with_too_many_elements_is_refused_before_parsing():
    page = b"<html><body><article>" + b"<p>x</p>" * 642_252 + b"</article></body></html>"

    with pytest.raises(importers.UnreadableFile, match="HTML tags"):
        importers.extract_upload("huge.html", page)


def test_a_page_just_under_the_element_limit_is_read():
    paragraphs = importers.MAX_HTML_ELEMENTS // 2 - 10
    page = b"<html><body><article>" + b"<p>Claim text here.</p>" * paragraphs + b"</article>"

    assert "Claim text here." in importers.extract_upload("big.html", page).text
