"""The demo corpus loads through the services, meets the demo's promises and loads only once."""

import json
from itertools import combinations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from annotations import roles
from annotations.demo import DEMO_DIR, DEMO_PASSWORD, load_demo
from annotations.models import (
    CLAIM_REVIEWED_SHOWN,
    Article,
    Assignment,
    ClaimLink,
    Consensus,
    Label,
    Publication,
    Span,
    Verdict,
)
from annotations.services import memory

pytestmark = pytest.mark.django_db

BOILERPLATE = ["Check Also", "icon bookmark", "Home /", "Podcasts", "About admin", "Share this"]


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return load_demo()


def test_demo_loads_five_articles_with_metadata(demo):
    assert Article.objects.count() == 5
    for article in Article.objects.all():
        assert article.title
        assert article.source
        assert not any(marker in article.text for marker in BOILERPLATE), article.title


def test_demo_spreads_at_least_fifteen_claims_over_every_article(demo):
    assert Span.objects.count() >= 15
    assert not Article.objects.filter(spans__isnull=True).exists()


def test_demo_has_every_label_from_two_editors_with_rationale_and_evidence(demo):
    for username in ("alice", "bob"):
        verdicts = Verdict.objects.filter(reviewer__username=username)
        assert set(verdicts.values_list("label", flat=True)) == set(Label.values)
        assert not verdicts.filter(rationale="").exists()
        assert not verdicts.filter(evidence__isnull=True).exists()


def test_demo_has_overlapping_spans(demo):
    spans = list(Span.objects.order_by("article_id", "start"))
    overlapping = [
        (a, b)
        for a, b in combinations(spans, 2)
        if a.article_id == b.article_id and a.start < b.end and b.start < a.end
    ]
    assert overlapping


def test_demo_has_a_split_claim_awaiting_a_moderator(demo):
    split = [
        span
        for span in Span.objects.with_verdicts().needing_decision()
        if span.consensus == Consensus.SPLIT
    ]
    assert split


def test_demo_highlights_communication_channels_in_both_articles(demo):
    articles = Article.objects.filter(text__contains="communication channels")
    assert articles.count() == 2
    for article in articles:
        assert article.spans.filter(quote__contains="communication channels").exists()


def test_demo_communication_channels_claims_see_each_other_before(demo):
    first, second = Span.objects.filter(quote__contains="communication channels")
    maria = User.objects.get(username="maria")
    shown = [item.span.pk for item in memory.similar_claims(maria, first)]
    assert second.pk in shown


def test_demo_links_the_communication_channels_claims_as_the_same(demo):
    link = ClaimLink.objects.get()
    assert link.relation == "same"
    assert {link.span.quote, link.other.quote} == {
        "Russia has established communication channels to exchange information with the Taliban"
    }


def test_demo_users_have_their_roles_and_password(demo):
    alice, maria = User.objects.get(username="alice"), User.objects.get(username="maria")
    assert roles.is_editor(alice)
    assert not roles.is_moderator(alice)
    assert roles.is_moderator(maria)
    assert maria.is_staff
    assert alice.check_password(DEMO_PASSWORD)


def test_demo_quotes_match_the_stored_text(demo):
    for span in Span.objects.select_related("article"):
        assert span.article.text[span.start : span.end] == span.quote


def test_demo_fixture_quotes_are_exact_substrings():
    corpus = json.loads((DEMO_DIR / "demo.json").read_text(encoding="utf-8"))
    texts = {
        spec["slug"]: (DEMO_DIR / spec["text_file"]).read_text(encoding="utf-8")
        for spec in corpus["articles"]
    }
    for claim in corpus["claims"]:
        assert texts[claim["article"]].count(claim["quote"]) >= claim.get("occurrence", 1)


def test_demo_publishes_two_settled_claims_with_short_restatements(demo):
    published = Publication.objects.live().select_related("span")

    assert published.count() == 2
    for publication in published:
        assert publication.span.final_label
        assert len(publication.span.claim) <= CLAIM_REVIEWED_SHOWN
        assert publication.explanation


def test_loading_the_demo_twice_adds_nothing(demo):
    counts = (Article.objects.count(), Span.objects.count(), Verdict.objects.count())

    second = load_demo()

    assert (second.articles_created, second.spans_created, second.verdicts_created) == (0, 0, 0)
    assert (Article.objects.count(), Span.objects.count(), Verdict.objects.count()) == counts


def test_demo_command_without_server_prints_the_accounts(capsys):
    call_command("demo", "--no-server")

    output = capsys.readouterr().out
    assert "alice" in output
    assert "maria" in output
    assert DEMO_PASSWORD in output
    assert Article.objects.count() == 5


def test_demo_command_serves_with_the_background_worker_and_stops_it(monkeypatch):
    events = []

    class Worker:
        def __init__(self, command):
            events.append(("worker started", command[-1]))

        def terminate(self):
            events.append(("worker stopped", None))

        def wait(self, timeout):
            pass

    def serve(name, *args, **options):
        if name == "runserver":
            events.append(("server ran", args[0]))
        else:
            call_command(name, *args, **options)

    monkeypatch.setattr("annotations.management.commands.demo.subprocess.Popen", Worker)
    monkeypatch.setattr("annotations.management.commands.demo.call_command", serve)

    call_command("demo", "127.0.0.1:8999")

    assert events == [
        ("worker started", "db_worker"),
        ("server ran", "127.0.0.1:8999"),
        ("worker stopped", None),
    ]


def test_the_first_demo_run_does_not_speak_of_existing_data(capsys):
    call_command("demo", "--no-server")

    assert "already there" not in capsys.readouterr().out


def test_a_second_demo_run_says_the_data_already_there_is_kept(capsys):
    call_command("demo", "--no-server")
    call_command("demo", "--no-server")

    assert "(the data already there is kept)" in capsys.readouterr().out


def test_demo_gives_each_editor_assigned_articles_due_after_loading(demo):
    for username in ("alice", "bob"):
        assigned = Assignment.objects.filter(reviewer__username=username)
        assert assigned.exists(), username
        assert all(row.due is None or row.due >= timezone.localdate() for row in assigned)
    load_demo()
    assert Assignment.objects.count() == len(
        json.loads((DEMO_DIR / "demo.json").read_text())["assignments"]
    )
