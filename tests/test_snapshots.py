"""The statistics computed in the background (annotations.snapshots) and the page reading them."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.tasks import default_task_backend
from django.urls import reverse
from django.utils import timezone

from annotations import snapshots
from annotations.models import Label, StatisticsSnapshot
from annotations.statistics import DeskStatistics, Scope, desk_statistics
from tests.factories import EditorFactory, VerdictFactory
from tests.helpers import signed_in_client, span_over

pytestmark = pytest.mark.django_db

URL = reverse("annotations:statistics")
COMPUTING = "Computing the figures for this period"


@pytest.fixture
def judged(article, editor, second_editor):
    for quote, labels in [
        ("The minister said", (Label.SUPPORTED, Label.DISPUTED)),
        ("Critics said", (Label.DISPUTED, Label.DISPUTED)),
    ]:
        span = span_over(article, quote)
        for reviewer, label in zip((editor, second_editor), labels, strict=True):
            VerdictFactory(span=span, reviewer=reviewer, label=label)
    return article


@pytest.fixture
def queued_only(settings):
    """Tasks are stored, never run: what a site whose worker is busy looks like."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    settings.FACTCHECK_STATISTICS_MAX_AGE = 60
    default_task_backend.clear()


def stored(scope: Scope | None = None, **fields) -> StatisticsSnapshot:
    scope = scope or Scope()
    now = timezone.now()
    defaults = {"requested_at": now, "computed_at": now, **fields}
    if "data" not in defaults:
        defaults["data"] = desk_statistics(scope).as_json()
    return StatisticsSnapshot.objects.create(key=scope.key, **defaults)


def test_the_figures_survive_their_json_form(judged) -> None:
    stats = desk_statistics(Scope())

    assert DeskStatistics.from_json(json.loads(json.dumps(stats.as_json()))) == stats


def test_a_scope_survives_its_json_form() -> None:
    scope = Scope(datetime.date(2026, 1, 1), datetime.date(2026, 2, 1), "Example Times")

    assert Scope.from_json(scope.as_json()) == scope


def test_scopes_differing_only_past_the_kept_part_of_the_source_have_different_keys() -> None:
    long_name = "x" * 150

    assert Scope(source=long_name + "a").key != Scope(source=long_name + "b").key


def test_refresh_stores_the_figures_of_the_scope(judged) -> None:
    snapshots.refresh(Scope())

    row = StatisticsSnapshot.objects.get(key=Scope().key)
    assert DeskStatistics.from_json(row.data).overall.units == 2


def test_the_first_view_asks_the_worker_and_says_the_figures_are_coming(
    editor, judged, queued_only
) -> None:
    response = signed_in_client(editor, htmx=False).get(URL)

    assert COMPUTING in response.content.decode()
    assert len(default_task_backend.results) == 1


def test_a_second_view_while_the_figures_are_computed_asks_nothing_more(
    editor, judged, queued_only
) -> None:
    client = signed_in_client(editor, htmx=False)
    client.get(URL)

    client.get(URL)

    assert len(default_task_backend.results) == 1


def test_the_page_asks_again_every_few_seconds_while_the_figures_are_computed(
    editor, judged, queued_only
) -> None:
    page = signed_in_client(editor, htmx=False).get(URL).content.decode()

    assert 'hx-trigger="every 3s"' in page


def test_fresh_figures_are_shown_and_nothing_is_asked(editor, judged, queued_only) -> None:
    stored()

    page = signed_in_client(editor, htmx=False).get(URL).content.decode()

    assert "Figures as of" in page
    assert 'hx-trigger="every 3s"' not in page
    assert default_task_backend.results == []


def test_stale_figures_are_shown_while_newer_ones_are_computed(
    editor, judged, queued_only
) -> None:
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    stored(computed_at=an_hour_ago, requested_at=an_hour_ago)

    page = signed_in_client(editor, htmx=False).get(URL).content.decode()

    assert "newer ones are being computed" in page
    assert len(default_task_backend.results) == 1


def test_a_computation_asked_for_long_ago_and_never_done_is_asked_for_again(
    editor, judged, queued_only
) -> None:
    lost = timezone.now() - snapshots.LOST_AFTER - datetime.timedelta(minutes=1)
    stored(data=None, computed_at=None, requested_at=lost)

    signed_in_client(editor, htmx=False).get(URL)

    assert len(default_task_backend.results) == 1


def test_each_period_and_source_has_figures_of_its_own(editor, judged, queued_only) -> None:
    stored()

    page = signed_in_client(editor, htmx=False).get(URL, {"source": "Example Times"})

    assert COMPUTING in page.content.decode()


def test_the_database_worker_computes_what_a_view_asked_for(
    editor, judged, settings, monkeypatch
) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    # The worker closes connections it finds inside a transaction: the test's is one.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    client = signed_in_client(editor, htmx=False)
    assert COMPUTING in client.get(URL).content.decode()

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    page = client.get(URL).content.decode()
    assert "Figures as of" in page
    assert COMPUTING not in page


def test_the_article_table_lists_the_lowest_agreement_first_and_counts_the_rest(
    editor, judged, monkeypatch
) -> None:
    monkeypatch.setattr("annotations.views.stats.ARTICLE_ROWS", 0)
    reviewer = EditorFactory(username="third")
    VerdictFactory(span=judged.spans.first(), reviewer=reviewer)

    page = signed_in_client(editor, htmx=False).get(URL).content.decode()

    assert "And 1 more article with higher agreement" in page


def test_refresh_deletes_figures_nobody_viewed_for_a_month(judged) -> None:
    long_ago = timezone.now() - snapshots.UNUSED_FOR - datetime.timedelta(days=1)
    stored(Scope(source="Old Times"), requested_at=long_ago, computed_at=long_ago)
    recent = stored(Scope(source="Example Times"))

    snapshots.refresh(Scope())

    assert set(StatisticsSnapshot.objects.values_list("key", flat=True)) == {
        recent.key,
        Scope().key,
    }
