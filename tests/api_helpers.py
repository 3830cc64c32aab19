"""Small helpers shared by the API tests (tests/test_api_*.py)."""

import json

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def client_for(user) -> APIClient:
    """A script authenticated with the user's API token."""
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def results(response) -> list[dict]:
    """The rows of one page of a list response."""
    assert response.status_code == 200, response.content
    return response.json()["results"]


def streamed(response) -> str:
    """The whole body of a streaming (export) response, decoded."""
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content).decode()


def send(client, method: str, url: str, data):
    """JSON with non-ASCII escaped, so a lone surrogate can be sent as \\ud800."""
    return client.generic(method.upper(), url, json.dumps(data), content_type="application/json")
