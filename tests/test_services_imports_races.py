"""Bulk imports that race: the same Idempotency-Key sent twice at once is imported once, and
a range stored meanwhile by another import is joined."""

import threading
import time
from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, close_old_connections, connection, transaction

from annotations import roles
from annotations.models import Article
from annotations.services import imports
from annotations.services.imports import array_records, import_once
from tests.factories import EditorFactory

RECORDS = [{"type": "article", "ref": "a", "title": "Race", "text": "A text sent twice at once."}]
BODY = b"the same body"


@pytest.fixture
def role_groups(transactional_db):
    for name in (roles.EDITORS, roles.MODERATORS):
        Group.objects.get_or_create(name=name)


def overlapped(monkeypatch, held_step: str, calls: list[Callable[[], object]]) -> list:
    """Run the two calls in two threads, the second while the first is inside its transaction.

    `imports.<held_step>` is wrapped so that the first call, once the step has run, waits until
    the second call is under way (and 0.3 s more, for it to reach the database) before going
    on to commit. Returns each call's result, or the exception it raised.
    """
    first_done, second_started = threading.Event(), threading.Event()
    step = getattr(imports, held_step)

    def held(*args, **kwargs):
        result = step(*args, **kwargs)
        if not first_done.is_set():
            first_done.set()
            second_started.wait(timeout=5)
            time.sleep(0.3)
        return result

    monkeypatch.setattr(imports, held_step, held)
    results: list = [None, None]

    def run(number: int) -> None:
        try:
            if number == 1:
                second_started.set()
            results[number] = calls[number]()
        except Exception as error:  # the test's assertions show what went wrong
            results[number] = error
        finally:
            close_old_connections()
            connection.close()

    first = threading.Thread(target=run, args=(0,))
    first.start()
    first_done.wait(timeout=10)
    second = threading.Thread(target=run, args=(1,))
    second.start()
    first.join()
    second.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_a_retry_sent_while_the_first_request_runs_gets_its_answer(role_groups, monkeypatch):
    user = EditorFactory()

    def send():
        records = list(array_records(RECORDS))
        return import_once(records, user=user, key="k1", body=BODY, reason="test")

    answers = overlapped(monkeypatch, "import_records", [send, send])

    (first_answer, first_replayed), (second_answer, second_replayed) = answers
    assert (first_replayed, second_replayed) == (False, True)
    assert second_answer == first_answer
    assert Article.objects.filter(title="Race").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_range_stored_meanwhile_by_another_import_is_joined(role_groups, monkeypatch):
    first_user, second_user = EditorFactory(), EditorFactory()
    article = Article.objects.create(title="Shared", text="The minister said it fell.")
    claim = {"type": "span", "article": article.pk, "start": 4, "end": 12, "quote": "minister"}

    def send_as(user):
        def send():
            with transaction.atomic():
                return imports.import_records(
                    list(array_records([claim])), user=user, reason="test"
                )

        return send

    results = overlapped(monkeypatch, "_store", [send_as(first_user), send_as(second_user)])

    created = [result.spans[0]["created"] for result in results]
    assert created == [True, False]
    assert results[0].spans[0]["id"] == results[1].spans[0]["id"]


@pytest.mark.django_db
def test_an_import_the_database_refuses_twice_is_rejected(monkeypatch):
    attempts = []

    def refused(plan, **kwargs):
        attempts.append(plan)
        raise IntegrityError("duplicate key value")

    monkeypatch.setattr(imports, "_store", refused)

    with pytest.raises(imports.ImportRejected) as error:
        imports.import_records(list(array_records(RECORDS)), user=EditorFactory())

    assert len(attempts) == 2
    assert error.value.problems[0].message == (
        "The database refused the import: duplicate key value"
    )
