"""API tokens: a user issues and revokes their own."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from rest_framework.authtoken.models import Token

from annotations import services

pytestmark = pytest.mark.django_db


def test_regenerate_replaces_the_old_token(editor):
    first = services.api_token_regenerate(user=editor)

    second = services.api_token_regenerate(user=editor)

    assert first.key != second.key
    assert list(Token.objects.filter(user=editor)) == [second]


def test_revoke_deletes_only_the_users_token(editor, second_editor):
    services.api_token_regenerate(user=editor)
    kept = services.api_token_regenerate(user=second_editor)

    services.api_token_revoke(user=editor)

    assert list(Token.objects.all()) == [kept]


def test_anonymous_gets_no_token():
    with pytest.raises(PermissionDenied):
        services.api_token_regenerate(user=AnonymousUser())
    assert not Token.objects.exists()
