"""Round trip: a JSONL export imported into an empty database exports the very same data."""

import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token

from annotations import services
from annotations.models import Article, Evidence, Span, Verdict
from annotations.services import memory
from tests.factories import EditorFactory, ModeratorFactory
from tests.helpers import client_for, streamed

pytestmark = pytest.mark.django_db

TEXT = (
    "Minister 😀 said unemployment fell to 4.2 percent in March.\n\n"
    "Critics said the figure ignores part-time workers. Officials denied it."
)


def build_corpus() -> None:
    """Data of every kind the export carries, written through the services."""
    alice, bob = EditorFactory(username="alice"), EditorFactory(username="bob")
    maria = ModeratorFactory(username="maria")
    article = services.article_create(
        user=alice, title="Jobs", text=TEXT, source="Herald", published="2026-03-01"
    )
    services.article_create(user=bob, title="Unannotated", text="Nothing marked here.")
    elsewhere = services.article_create(
        user=bob, title="Jobs again", text="Unemployment fell to 4.2 percent, the minister said."
    )
    echo, _ = services.span_create(user=bob, article=elsewhere, start=0, end=32)
    claim, _ = services.span_create(user=alice, article=article, start=9, end=58, claim="4.2%")
    services.span_create(user=bob, article=article, start=9, end=58)
    nested, _ = services.span_create(user=bob, article=article, start=38, end=50)
    doomed, _ = services.span_create(user=alice, article=article, start=61, end=68)
    services.verdict_create(
        user=alice,
        span=claim,
        label="disputed",
        rationale="Was 4.6%.",
        evidence=[{"url": "https://stats.example/march", "title": "March", "note": "p. 2"}],
    )
    first = services.verdict_create(user=bob, span=claim, label="supported")
    services.verdict_update(user=bob, verdict=first, label="unverified")
    services.verdict_create(user=bob, span=nested, label="supported", rationale="=1+1")
    services.span_settle(user=maria, span=claim, final_label="disputed", note="Two sources.")
    services.span_reject(user=maria, span=nested, note="Not a claim.")
    services.span_publish(user=maria, span=claim, explanation="The March figure was 4.6%.")
    memory.link_set(user=bob, span=echo, other=claim, relation="same")
    services.verdict_create(user=alice, span=doomed, label="unverified")
    services.span_settle(user=maria, span=doomed, final_label="unverified")
    services.publication_edit(user=maria, span=doomed, explanation="A draft, never published.")
    services.article_revise_text(user=alice, article=article, text=TEXT.replace("Critics", "Some"))


def export(client) -> list[dict]:
    return [
        json.loads(line) for line in streamed(client.get(reverse("api:export-spans"))).splitlines()
    ]


def without_ids(records: list[dict]) -> list[dict]:
    """Ids differ between databases: number rows by order of appearance instead."""
    numbering: dict[tuple[str, int], int] = {}

    def number(kind: str, pk: int) -> int:
        return numbering.setdefault((kind, pk), len(numbering))

    normalised = []
    for record in records:
        record = dict(record)
        if record["type"] == "link":
            record["span"] = number("span", record["span"])
            record["other"] = number("span", record["other"])
            normalised.append(record)
            continue
        record["id"] = number(record["type"], record["id"])
        if record["type"] == "span":
            record["article"] = number("article", record["article"])
            record["verdicts"] = [
                verdict | {"id": number("verdict", verdict["id"])}
                for verdict in record["verdicts"]
            ]
        normalised.append(record)
    return normalised


def empty_the_database() -> None:
    Evidence.objects.all().delete()
    Verdict.objects.all().delete()
    Span.objects.all().delete()
    Article.objects.all().delete()
    Token.objects.all().delete()
    User.objects.all().delete()


def test_export_import_export_reproduces_the_same_data(tmp_path):
    build_corpus()
    before = export(client_for(EditorFactory(username="reader")))
    assert {record["type"] for record in before} == {"article", "span", "link"}
    assert any(record["is_orphaned"] for record in before if record["type"] == "span")
    publications = [record["publication"] for record in before if record.get("publication")]
    assert [publication["published_at"] is None for publication in publications] == [False, True]
    path = tmp_path / "spans.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in before))
    empty_the_database()

    call_command("import_jsonl", str(path), stdout=io.StringIO())

    after = export(client_for(EditorFactory(username="auditor")))
    assert without_ids(after) == without_ids(before)


def test_import_keeps_reviewers_inactive_until_an_admin_activates_them(tmp_path):
    build_corpus()
    path = tmp_path / "spans.jsonl"
    path.write_text(
        streamed(client_for(EditorFactory(username="reader")).get(reverse("api:export-spans")))
    )
    empty_the_database()

    call_command("import_jsonl", str(path), stdout=io.StringIO())

    assert set(User.objects.values_list("username", "is_active")) == {
        ("alice", False),
        ("bob", False),
        ("maria", False),
    }
