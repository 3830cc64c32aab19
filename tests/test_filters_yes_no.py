"""Yes/no filters take true or false; anything else is a 400, never unfiltered data."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("route", "parameter"),
    [
        ("api:article-list", "has_disputed"),
        ("api:article-list", "unjudged_by_me"),
        ("api:span-list", "orphaned"),
    ],
)
def test_the_api_refuses_a_yes_no_filter_that_is_neither(api_client, route, parameter):
    response = api_client.get(reverse(route), {parameter: "banana"})

    assert response.status_code == 400
    assert parameter in response.json()


@pytest.mark.parametrize("value", ["true", "false", "True", "1", "0"])
def test_the_api_accepts_true_and_false(api_client, value):
    response = api_client.get(reverse("api:span-list"), {"orphaned": value})

    assert response.status_code == 200


def test_the_article_list_page_says_what_is_wrong_with_a_yes_no_filter(editor_client):
    response = editor_client.get(reverse("annotations:article-list"), {"has_disputed": "maybe"})

    assert "not a yes/no value" in response.text
