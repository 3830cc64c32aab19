"""Personas and clients shared by every test."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import ArticleFactory, EditorFactory, ModeratorFactory, UserFactory


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks run inside the request that asks for them, and the statistics are
    computed again for every view (tests/test_snapshots.py covers the worker and the ages)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.FACTCHECK_STATISTICS_MAX_AGE = 0


@pytest.fixture(autouse=True)
def _webhooks_reach_this_machine(settings):
    """Webhook tests deliver to a receiver on 127.0.0.1 (tests/test_webhooks.py turns this
    off where it checks that private addresses are refused)."""
    settings.WEBHOOK_ALLOW_PRIVATE = True


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    return EditorFactory(username="editor")


@pytest.fixture
def second_editor(db):
    return EditorFactory(username="second_editor")


@pytest.fixture
def moderator(db):
    return ModeratorFactory(username="moderator")


@pytest.fixture
def outsider(db):
    """Signed in, but in no role."""
    return UserFactory(username="outsider")


@pytest.fixture
def article(editor):
    return ArticleFactory(created_by=editor)


@pytest.fixture
def editor_client(editor) -> Client:
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def htmx_client(editor) -> Client:
    """A browser session whose requests carry the headers htmx sends."""
    client = Client(headers={"HX-Request": "true"})
    client.force_login(editor)
    return client


@pytest.fixture
def moderator_client(moderator) -> Client:
    client = Client()
    client.force_login(moderator)
    return client


@pytest.fixture
def api_client(editor) -> APIClient:
    """A script using the editor's API token."""
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=editor)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture(autouse=True)
def _fresh_vector_index():
    """Each test starts with no claim vectors held in memory (the database is new too)."""
    from annotations.vectors import index

    index.clear()


@pytest.fixture(autouse=True)
def _no_claims_waiting_to_be_indexed():
    """Claims an earlier test asked to index in a transaction it rolled back (its on_commit
    callbacks never ran) are not enqueued by this one."""
    from annotations.claim_index import waiting

    waiting.span_ids.clear()
