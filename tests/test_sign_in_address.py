"""Whose address a sign-in came from: behind trusted proxies, never what the client claims."""

from django.test import RequestFactory

from factcheck.sign_in import client_address

REQUESTS = RequestFactory()


def request_from(remote: str, forwarded: str = ""):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return REQUESTS.post("/accounts/login/", REMOTE_ADDR=remote, **headers)


def test_without_trusted_proxies_the_connection_address_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_address(request_from("10.0.0.9", "192.0.2.1")) == "10.0.0.9"


def test_behind_one_proxy_the_address_it_saw_counts_not_the_clients_claim(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    address = client_address(request_from("10.0.0.9", "203.0.113.7, 192.0.2.1"))

    assert address == "192.0.2.1"


def test_a_forwarded_header_shorter_than_the_proxy_chain_falls_back(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_address(request_from("10.0.0.9", "192.0.2.1")) == "10.0.0.9"
