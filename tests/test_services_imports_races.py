"""Bulk imports that race: the same Idempotency-Key sent twice at once is imported once."""

import threading
import time

import pytest
from django.contrib.auth.models import Group
from django.db import close_old_connections, connection, transaction

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


@pytest.mark.django_db(transaction=True)
def test_a_retry_sent_while_the_first_request_runs_gets_its_answer(role_groups, monkeypatch):
    user = EditorFactory()
    first_imported, second_started = threading.Event(), threading.Event()
    import_records = imports.import_records

    def first_waits_for_the_second(records, **options):
        result = import_records(records, **options)
        if not first_imported.is_set():
            # The first request keeps its transaction open until the retry is under way.
            first_imported.set()
            second_started.wait(timeout=5)
            time.sleep(0.3)
        return result

    monkeypatch.setattr(imports, "import_records", first_waits_for_the_second)
    answers: list = [None, None]

    def send(number: int) -> None:
        try:
            if number == 1:
                second_started.set()
            answers[number] = import_once(
                list(array_records(RECORDS)), user=user, key="k1", body=BODY, reason="test"
            )
        except Exception as error:  # the assertion below shows what went wrong
            answers[number] = error
        finally:
            close_old_connections()
            connection.close()

    first = threading.Thread(target=send, args=(0,))
    first.start()
    first_imported.wait(timeout=10)
    second = threading.Thread(target=send, args=(1,))
    second.start()
    first.join()
    second.join()

    (first_answer, first_replayed), (second_answer, second_replayed) = answers
    assert (first_replayed, second_replayed) == (False, True)
    assert second_answer == first_answer
    assert Article.objects.filter(title="Race").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_range_stored_meanwhile_by_another_import_is_joined(role_groups, monkeypatch):
    first_user, second_user = EditorFactory(), EditorFactory()
    article = Article.objects.create(title="Shared", text="The minister said it fell.")
    claim = {"type": "span", "article": article.pk, "start": 4, "end": 12, "quote": "minister"}
    first_stored, second_started = threading.Event(), threading.Event()
    store = imports._store

    def first_waits_for_the_second(plan, **options):
        result = store(plan, **options)
        if not first_stored.is_set():
            first_stored.set()
            second_started.wait(timeout=5)
            time.sleep(0.3)
        return result

    monkeypatch.setattr(imports, "_store", first_waits_for_the_second)
    results: list = [None, None]

    def send(number: int, user) -> None:
        try:
            if number == 1:
                second_started.set()
            with transaction.atomic():
                results[number] = imports.import_records(
                    list(array_records([claim])), user=user, reason="test"
                )
        except Exception as error:  # the assertion below shows what went wrong
            results[number] = error
        finally:
            close_old_connections()
            connection.close()

    first = threading.Thread(target=send, args=(0, first_user))
    first.start()
    first_stored.wait(timeout=10)
    second = threading.Thread(target=send, args=(1, second_user))
    second.start()
    first.join()
    second.join()

    created = [result.spans[0]["created"] for result in results]
    assert created == [True, False]
    assert results[0].spans[0]["id"] == results[1].spans[0]["id"]
