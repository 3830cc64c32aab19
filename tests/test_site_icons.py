"""The site's icon wherever a browser looks for it (issue 11, point 13)."""

import pytest
from django.templatetags.static import static


@pytest.mark.django_db
def test_favicon_ico_leads_to_the_apps_icon(client) -> None:
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == static("img/favicon.svg")


@pytest.mark.django_db
def test_admin_pages_name_the_apps_icon(moderator_client) -> None:
    page = moderator_client.get("/admin/").content.decode()

    assert f'<link rel="icon" href="{static("img/favicon.svg")}"' in page
