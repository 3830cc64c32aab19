"""The admin names people by full name and writes dates one way, as the app's pages do
(issue 11, point 11)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import formats

from annotations import services
from annotations.models import Label
from tests.factories import EditorFactory, VerdictFactory
from tests.helpers import FIRST_SENTENCE, span_over

pytestmark = pytest.mark.django_db


@pytest.fixture
def verdict(article):
    reviewer = EditorFactory(username="rvw", first_name="Rita", last_name="Vowell")
    return VerdictFactory(span=span_over(article, FIRST_SENTENCE), reviewer=reviewer)


def test_the_verdict_list_names_the_reviewer_by_full_name(moderator_client, verdict):
    page = moderator_client.get(reverse("admin:annotations_verdict_changelist")).content.decode()

    assert "Rita Vowell" in page
    assert ">rvw<" not in page


def test_the_verdict_page_names_the_reviewer_by_full_name(moderator_client, verdict):
    url = reverse("admin:annotations_verdict_change", args=[verdict.pk])

    assert "Rita Vowell" in moderator_client.get(url).content.decode()


def test_the_reviewer_filter_lists_full_names(moderator_client, verdict, second_editor):
    VerdictFactory(span=verdict.span, reviewer=second_editor)  # a filter needs two choices

    page = moderator_client.get(reverse("admin:annotations_verdict_changelist")).content.decode()

    assert f'<a href="?reviewer__id__exact={verdict.reviewer.pk}">Rita Vowell</a>' in page


def test_the_claim_page_names_its_moderator_by_full_name(moderator_client, moderator, verdict):
    services.span_settle(user=moderator, span=verdict.span, final_label=Label.SUPPORTED)

    url = reverse("admin:annotations_span_change", args=[verdict.span.pk])

    page = moderator_client.get(url).content.decode()
    assert f'<div class="readonly">{moderator.get_full_name()}</div>' in page


def test_dates_are_written_one_way():
    moment = datetime.datetime(2026, 11, 29, 14, 5, tzinfo=datetime.UTC)

    assert formats.date_format(moment) == "29 Nov 2026"
    assert formats.date_format(moment, "DATETIME_FORMAT") == "29 Nov 2026, 14:05"
    assert formats.date_format(moment, "SHORT_DATE_FORMAT") == "29 Nov 2026"
