"""axe-core on every page (issue 11, point 12), the public fact checks too: no serious or
critical violation, in the light and the dark colour scheme."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from annotations.models import Label, Publication
from tests.e2e.helpers import page_in_context
from tests.factories import ArticleFactory, VerdictFactory
from tests.helpers import published_span, span_over

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Axe()


@pytest.fixture
def judged(editor, second_editor):
    article = ArticleFactory(created_by=editor, blind_review=True)
    span = span_over(article, "Critics said the figure ignores part-time workers.")
    VerdictFactory(span=span, reviewer=second_editor, label=Label.DISPUTED)
    return span


def serious_violations(page) -> list[tuple[str, list]]:
    results = AXE.run(page)
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_sign_in_page(browser, live_server, scheme) -> None:
    with page_in_context(browser, live_server, "/accounts/login/", color_scheme=scheme) as page:
        found = serious_violations(page)

    assert found == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/my/",
        "/articles/new/",
        "/account/token/",
        "/stats/",
        "reader",
        "claim",
        "revise",
        "diff",
    ],
)
def test_every_page_of_the_app(browser, live_server, moderator, judged, scheme, path) -> None:
    path = {
        "reader": f"/articles/{judged.article_id}/",
        "claim": f"/spans/{judged.pk}/",
        "revise": f"/articles/{judged.article_id}/revise/",
        "diff": f"/articles/{judged.article_id}/changes/",
    }.get(path, path)
    with page_in_context(browser, live_server, path, moderator, color_scheme=scheme) as page:
        found = serious_violations(page)

    assert found == []


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/annotations/queuedspan/",
        "/admin/annotations/span/",
        "claim",
        "/admin/annotations/publication/",
    ],
)
def test_the_moderation_panel(browser, live_server, moderator, judged, path) -> None:
    path = f"/admin/annotations/span/{judged.pk}/change/" if path == "claim" else path
    with page_in_context(browser, live_server, path, moderator) as page:
        found = serious_violations(page)

    assert found == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["check", "/checks/"])
def test_the_public_fact_check_pages(browser, live_server, moderator, scheme, path) -> None:
    span = published_span(ArticleFactory(), moderator)
    if path == "check":
        path = Publication.objects.get(span=span).get_absolute_url()
    with page_in_context(browser, live_server, path, color_scheme=scheme) as page:
        found = serious_violations(page)

    assert found == []
