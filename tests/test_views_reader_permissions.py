"""Who may do what in the reader: every endpoint for each persona, refused by the server."""

import pytest
from django.test import Client
from django.urls import reverse

from annotations.models import Evidence, Span, Verdict
from tests.factories import EvidenceFactory, VerdictFactory
from tests.helpers import span_over

pytestmark = pytest.mark.django_db

PERSONAS = ["editor", "second_editor", "moderator", "outsider", "anonymous"]


@pytest.fixture
def claim(article, editor):
    """The editor's claim with the editor's verdict and evidence; nobody else touched it."""
    span = span_over(article, "Officials denied it.", created_by=editor)
    EvidenceFactory(verdict=VerdictFactory(span=span, reviewer=editor))
    return span


@pytest.fixture
def as_persona(request):
    """An htmx client signed in as the named persona (or not signed in at all)."""

    def client_for(name: str) -> Client:
        client = Client(headers={"HX-Request": "true"})
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return client_for


@pytest.mark.parametrize(
    ("persona", "status"),
    [("editor", 201), ("second_editor", 201), ("moderator", 201), ("outsider", 403)],
)
def test_span_create_by_persona(as_persona, article, persona, status) -> None:
    response = as_persona(persona).post(
        reverse("annotations:span-create", args=[article.pk]),
        {"start": 0, "end": 12, "quote": article.text[:12]},
    )

    assert response.status_code == status
    assert Span.objects.filter(article=article).exists() == (status == 201)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("editor", 200), ("second_editor", 403), ("moderator", 200), ("outsider", 403)],
)
def test_span_update_by_persona(as_persona, claim, persona, status) -> None:
    response = as_persona(persona).post(
        reverse("annotations:span-update", args=[claim.pk]), {"claim": "Restated", "speaker": ""}
    )

    claim.refresh_from_db()
    assert response.status_code == status
    assert (claim.claim == "Restated") == (status == 200)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("editor", 200), ("second_editor", 403), ("moderator", 200), ("outsider", 403)],
)
def test_span_delete_by_persona(as_persona, claim, persona, status) -> None:
    response = as_persona(persona).post(reverse("annotations:span-delete", args=[claim.pk]))

    assert response.status_code == status
    assert Span.objects.filter(pk=claim.pk).exists() == (status != 200)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("editor", 200), ("second_editor", 200), ("moderator", 200), ("outsider", 403)],
)
def test_verdict_set_changes_only_the_personas_own_verdict(
    as_persona, claim, editor, persona, status
) -> None:
    response = as_persona(persona).post(
        reverse("annotations:verdict-set", args=[claim.pk]), {"label": "unverified"}
    )

    assert response.status_code == status
    assert Verdict.objects.get(span=claim, reviewer=editor).label == (
        "unverified" if persona == "editor" else "supported"
    )
    judged_too = persona in ("second_editor", "moderator")
    assert Verdict.objects.filter(span=claim).count() == (2 if judged_too else 1)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("editor", 200), ("second_editor", 400), ("moderator", 400), ("outsider", 403)],
)
def test_verdict_delete_withdraws_only_the_personas_own_verdict(
    as_persona, claim, persona, status
) -> None:
    response = as_persona(persona).post(reverse("annotations:verdict-delete", args=[claim.pk]))

    assert response.status_code == status
    assert Verdict.objects.filter(span=claim).exists() == (persona != "editor")


@pytest.mark.parametrize(
    ("persona", "status"),
    [("editor", 200), ("second_editor", 403), ("moderator", 200), ("outsider", 403)],
)
def test_evidence_remove_by_persona(as_persona, claim, persona, status) -> None:
    evidence = Evidence.objects.get(verdict__span=claim)

    response = as_persona(persona).post(reverse("annotations:evidence-remove", args=[evidence.pk]))

    assert response.status_code == status
    assert Evidence.objects.filter(pk=evidence.pk).exists() == (status != 200)


@pytest.mark.parametrize("persona", PERSONAS[:4])
def test_everyone_signed_in_can_read_the_article_and_its_claims(as_persona, claim, persona):
    client = as_persona(persona)

    page = client.get(reverse("annotations:article-detail", args=[claim.article_id]))
    panel = client.get(reverse("annotations:span-detail", args=[claim.pk]))

    assert (page.status_code, panel.status_code) == (200, 200)


@pytest.mark.parametrize(
    ("name", "method", "args"),
    [
        ("article-detail", "get", "article"),
        ("span-detail", "get", "claim"),
        ("span-create", "post", "article"),
        ("span-update", "post", "claim"),
        ("span-delete", "post", "claim"),
        ("verdict-set", "post", "claim"),
        ("verdict-delete", "post", "claim"),
        ("evidence-add", "post", "claim"),
        ("evidence-remove", "post", "evidence"),
    ],
)
def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(claim, name, method, args):
    target = {
        "article": claim.article_id,
        "claim": claim.pk,
        "evidence": Evidence.objects.get(verdict__span=claim).pk,
    }[args]

    response = getattr(Client(), method)(reverse(f"annotations:{name}", args=[target]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert Span.objects.count() == Verdict.objects.count() == Evidence.objects.count() == 1
