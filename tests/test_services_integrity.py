"""Writes that race with a deletion or with each other: re-checked, locked parent first,
never a 500 and never a verdict lost without a trace."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from annotations import roles, services
from annotations.models import Article, Evidence, Span, Verdict
from tests.factories import (
    ArticleFactory,
    EditorFactory,
    EvidenceFactory,
    SpanFactory,
    VerdictFactory,
)


@pytest.fixture
def role_groups(transactional_db):
    """Transactional tests start from an empty database: bring back the groups roles need."""
    for name in (roles.EDITORS, roles.MODERATORS):
        Group.objects.get_or_create(name=name)


@pytest.mark.django_db(transaction=True)
def test_span_create_on_an_article_deleted_meanwhile_is_a_validation_error(role_groups, editor):
    article = ArticleFactory()
    stale = Article.objects.get(pk=article.pk)
    Article.objects.filter(pk=article.pk).delete()

    with pytest.raises(ValidationError) as error:
        services.span_create(user=editor, article=stale, start=0, end=3)

    assert set(error.value.message_dict) == {"article"}
    assert not Span.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_verdict_create_on_a_claim_deleted_meanwhile_is_a_validation_error(role_groups, editor):
    span = SpanFactory()
    stale = Span.objects.get(pk=span.pk)
    Span.objects.filter(pk=span.pk).delete()

    with pytest.raises(ValidationError) as error:
        services.verdict_create(user=editor, span=stale, label="supported")

    assert set(error.value.message_dict) == {"span"}
    assert not Verdict.objects.exists()


@pytest.mark.django_db
def test_second_verdict_by_the_same_reviewer_is_a_conflict_with_the_first(editor):
    first = VerdictFactory(reviewer=editor)

    with pytest.raises(services.VerdictExists) as conflict:
        services.verdict_create(user=editor, span=first.span, label="disputed")

    assert conflict.value.existing == first


@pytest.mark.django_db
def test_span_delete_checks_the_verdicts_stored_now_not_those_loaded_before(editor, second_editor):
    span = SpanFactory(created_by=editor, highlighters=[editor])
    loaded = Span.objects.with_verdicts().get(pk=span.pk)
    services.verdict_create(user=second_editor, span=span, label="disputed")

    with pytest.raises(PermissionDenied):
        services.span_delete(user=editor, span=loaded)

    assert Verdict.objects.filter(span=span, reviewer=second_editor).exists()


@pytest.mark.django_db
def test_joining_a_highlight_is_recorded_with_who_joined(editor, second_editor, article):
    span, _ = services.span_create(user=editor, article=article, start=4, end=12)

    joined, created = services.span_create(user=second_editor, article=article, start=4, end=12)

    assert (joined.pk, created) == (span.pk, False)
    latest = Span.history.filter(id=span.pk).latest("history_date")
    assert latest.history_user == second_editor
    assert "second_editor" in latest.history_change_reason


def _statements(callable_) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        callable_()
    return [query["sql"] for query in queries.captured_queries]


def _first_index(statements: list[str], starts: str, table: str) -> int:
    return next(
        number
        for number, sql in enumerate(statements)
        if sql.lstrip().upper().startswith(starts) and f'"{table}"' in sql
    )


@pytest.mark.django_db
def test_verdict_delete_reads_the_verdict_row_before_touching_its_evidence(editor):
    verdict = EvidenceFactory(verdict=VerdictFactory(reviewer=editor)).verdict

    statements = _statements(lambda: services.verdict_delete(user=editor, verdict=verdict))

    lock = _first_index(statements, "SELECT", "annotations_verdict")
    assert lock < _first_index(statements, "DELETE", "annotations_evidence")
    if connection.features.has_select_for_update:
        assert "FOR UPDATE" in statements[lock]


@pytest.mark.django_db
def test_span_delete_locks_claim_then_verdicts_before_deleting_evidence(editor):
    span = SpanFactory(created_by=editor, highlighters=[editor])
    EvidenceFactory(verdict=VerdictFactory(span=span, reviewer=editor))

    statements = _statements(lambda: services.span_delete(user=editor, span=span))

    claim_lock = _first_index(statements, "SELECT", "annotations_span")
    verdict_lock = next(
        number
        for number, sql in enumerate(statements)
        if sql.startswith("SELECT")
        and 'FROM "annotations_verdict"' in sql
        and number > claim_lock
        and (not connection.features.has_select_for_update or "FOR UPDATE" in sql)
    )
    assert claim_lock < verdict_lock < _first_index(statements, "DELETE", "annotations_evidence")


def _in_threads(*jobs) -> list[BaseException | None]:
    """Run each job in its own thread and connection, started together; their exceptions."""
    start = threading.Barrier(len(jobs))
    outcomes: list[BaseException | None] = [None] * len(jobs)

    def run(number: int, job) -> None:
        try:
            start.wait()
            job()
        except BaseException as error:  # reported to the test, which asserts on it
            outcomes[number] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(5))
def test_withdrawing_and_changing_evidence_at_once_never_deadlocks(role_groups, attempt):
    reviewer = EditorFactory()
    verdict = EvidenceFactory(verdict=VerdictFactory(reviewer=reviewer)).verdict

    def withdraw():
        services.verdict_delete(user=reviewer, verdict=Verdict.objects.get(pk=verdict.pk))

    def change_evidence():
        services.verdict_update(
            user=reviewer,
            verdict=Verdict.objects.get(pk=verdict.pk),
            evidence=[{"url": "https://example.org/new"}],
        )

    outcomes = _in_threads(withdraw, change_evidence)

    # The update may find the verdict withdrawn (a 400), never a database error.
    assert all(
        o is None or isinstance(o, ValidationError | Verdict.DoesNotExist) for o in outcomes
    ), outcomes
    assert outcomes[0] is None
    assert not Verdict.objects.filter(pk=verdict.pk).exists()
    assert not Evidence.objects.filter(verdict_id=verdict.pk).exists()


@pytest.mark.django_db
def test_deleting_a_claim_deleted_meanwhile_is_a_validation_error(moderator):
    span = SpanFactory()
    stale = Span.objects.get(pk=span.pk)
    Span.objects.filter(pk=span.pk).delete()

    with pytest.raises(ValidationError) as error:
        services.span_delete(user=moderator, span=stale)

    assert set(error.value.message_dict) == {"span"}


@pytest.mark.django_db
def test_joining_a_highlight_twice_records_it_once(editor, second_editor, article):
    span, _ = services.span_create(user=editor, article=article, start=4, end=12)
    services.span_create(user=second_editor, article=article, start=4, end=12)
    rows = Span.history.filter(id=span.pk).count()

    services.span_create(user=second_editor, article=article, start=4, end=12)

    assert Span.history.filter(id=span.pk).count() == rows
    assert span.highlighters.count() == 2
