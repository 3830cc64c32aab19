"""If-Match on verdict updates is checked after the body: a malformed request is a 400."""

import pytest
from django.urls import reverse

from annotations.models import Verdict
from tests.factories import VerdictFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def verdict(editor):
    return VerdictFactory(reviewer=editor, label="supported")


def detail(verdict) -> str:
    return reverse("api:verdict-detail", args=[verdict.pk])


@pytest.mark.parametrize("tag", ['"7"', 'W/"1"'])
def test_a_body_that_is_not_json_is_400_even_with_a_failing_if_match(api_client, verdict, tag):
    response = api_client.patch(
        detail(verdict), "not json", content_type="application/json", headers={"If-Match": tag}
    )

    assert response.status_code == 400
    assert Verdict.objects.get(pk=verdict.pk).version == 1


def test_an_invalid_label_is_400_even_with_a_stale_if_match(api_client, verdict):
    response = api_client.patch(
        detail(verdict), {"label": "maybe"}, format="json", headers={"If-Match": '"7"'}
    )

    assert response.status_code == 400
    assert "label" in response.json()


def test_a_valid_body_with_a_stale_if_match_is_still_412(api_client, verdict):
    response = api_client.patch(
        detail(verdict), {"label": "disputed"}, format="json", headers={"If-Match": '"7"'}
    )

    assert response.status_code == 412
