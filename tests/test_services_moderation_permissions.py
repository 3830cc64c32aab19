"""Moderation services check the role before they look at the input or the span."""

import pytest
from django.core.exceptions import PermissionDenied

from annotations import services
from tests.factories import SpanFactory

pytestmark = pytest.mark.django_db


def test_approve_refuses_an_editor_before_looking_for_a_majority(editor):
    span = SpanFactory()

    with pytest.raises(PermissionDenied):
        services.span_approve(user=editor, span=span)


def test_settle_refuses_an_editor_before_checking_the_label(editor):
    span = SpanFactory()

    with pytest.raises(PermissionDenied):
        services.span_settle(user=editor, span=span, final_label="not-a-label")
