"""A browser submits a plain form's textarea with CR LF line breaks (htmx sends the LF the
page holds): the pages' forms store LF alone, as the app stores every text."""

import pytest
from django.urls import reverse

from annotations.forms import (
    CommentEditForm,
    CommentForm,
    EvidenceAddForm,
    ModerationForm,
    PublicationForm,
    SpanDetailsForm,
    VerdictSetForm,
)
from annotations.models import Verdict
from tests.helpers import FIRST_SENTENCE, span_over

MULTI_LINE_FIELDS = [
    (SpanDetailsForm, "claim", {}, {}),
    (VerdictSetForm, "rationale", {"label": "disputed"}, {}),
    (ModerationForm, "note", {"decision": "reject"}, {}),
    (PublicationForm, "explanation", {"action": "save"}, {"links": []}),
    (EvidenceAddForm, "note", {"url": "https://example.org/a"}, {}),
    (CommentForm, "text", {}, {}),
    (CommentEditForm, "text", {}, {}),
]


@pytest.mark.parametrize(("form_class", "field", "data", "options"), MULTI_LINE_FIELDS)
def test_a_textareas_crlf_line_breaks_are_cleaned_to_lf(form_class, field, data, options):
    form = form_class({**data, field: "First line\r\nsecond line\rthird"}, **options)

    assert form.is_valid(), form.errors
    assert form.cleaned_data[field] == "First line\nsecond line\nthird"


@pytest.mark.django_db
def test_a_multi_line_rationale_sent_without_htmx_is_stored(editor_client, article):
    span = span_over(article, FIRST_SENTENCE)

    response = editor_client.post(
        reverse("annotations:verdict-set", args=[span.pk]),
        {"label": "disputed", "rationale": "The office says 4.4.\r\nIts March release."},
    )

    assert response.status_code == 302
    rationale = Verdict.objects.get(span=span).rationale
    assert rationale == "The office says 4.4.\nIts March release."
