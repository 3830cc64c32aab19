"""Where a webhook may go (annotations.webhooks, no database): http(s) only, and a host whose
every address is public; the signature; the pauses between attempts."""

import datetime
import hashlib
import hmac
import socket

import pytest
from django.core.exceptions import ValidationError

from annotations import webhooks


def refusal(url: str, *, allow_private: bool = False) -> str:
    with pytest.raises(ValidationError) as caught:
        webhooks.check_url(url, allow_private=allow_private)
    return " ".join(caught.value.message_dict["url"])


def resolving_to(monkeypatch, *addresses: str) -> None:
    """The host names resolve to `addresses` (as getaddrinfo answers: IPv4 and IPv6)."""

    def getaddrinfo(host, port, *args, **kwargs):
        return [
            (socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_STREAM, 6, "",
             (address, port))
            for address in addresses
        ]  # fmt: skip

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://hooks.example.org/",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "hooks.example.org/path",
        "https://",
    ],
)
def test_only_http_and_https_addresses_with_a_host_are_taken(url):
    assert "http:// or https://" in refusal(url)


def test_a_port_out_of_range_is_not_a_url():
    assert refusal("http://93.184.215.14:99999/") == "This is not a valid URL."


def test_credentials_in_the_url_are_refused():
    assert "user name and password" in refusal("https://me:pw@93.184.215.14/")


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",  # loopback
        "10.1.2.3",  # private
        "172.16.0.9",
        "192.168.1.1",
        "169.254.169.254",  # link-local (cloud metadata)
        "0.0.0.0",  # unspecified
        "100.64.0.1",  # shared address space (carrier-grade NAT)
        "[::1]",  # IPv6 loopback
        "[fe80::1]",  # IPv6 link-local
        "[fd00::1]",  # IPv6 unique local
        "[::ffff:127.0.0.1]",  # IPv4-mapped loopback
        "[::ffff:10.0.0.1]",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(address):
    assert "private, loopback or link-local" in refusal(f"http://{address}/hook")


def test_a_host_is_refused_if_any_of_its_addresses_is_private(monkeypatch):
    resolving_to(monkeypatch, "93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "::1")

    assert "(::1)" in refusal("https://hooks.example.org/")


def test_a_host_resolving_to_public_addresses_only_is_taken(monkeypatch):
    resolving_to(monkeypatch, "93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c")

    webhooks.check_url("https://hooks.example.org/factcheck", allow_private=False)


def test_a_public_address_is_taken():
    webhooks.check_url("http://93.184.215.14:8080/hook", allow_private=False)


def test_private_addresses_are_taken_when_allowed():
    webhooks.check_url("http://127.0.0.1:8000/hook", allow_private=True)


def test_an_unknown_host_is_refused(monkeypatch):
    def not_found(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", not_found)

    assert refusal("https://nowhere.invalid/") == "The host “nowhere.invalid” could not be found."


def test_a_delivery_is_not_sent_where_the_host_resolves_to_now_if_private(monkeypatch):
    resolving_to(monkeypatch, "10.0.0.7")

    outcome = webhooks.post("https://hooks.example.org/", b"{}", {}, allow_private=False)

    assert outcome.status is None
    assert "private, loopback or link-local network (10.0.0.7)" in outcome.error


def test_the_signature_is_the_hex_hmac_sha256_of_the_body():
    body = webhooks.body_of(event_id="e1", kind="claim.created", created_at="t", data={"id": 1})

    expected = hmac.new(b"secret", body, hashlib.sha256).hexdigest()
    assert webhooks.signature(body, "secret") == f"sha256={expected}"


def test_retries_double_from_a_minute_up_to_four_hours():
    delays = [webhooks.retry_delay(attempt) for attempt in range(1, 12)]

    assert delays[:4] == [datetime.timedelta(minutes=minutes) for minutes in (1, 2, 4, 8)]
    assert delays[-1] == datetime.timedelta(hours=4)


def test_retries_go_on_for_at_least_a_day():
    waits = [webhooks.retry_delay(attempt) for attempt in range(1, webhooks.MAX_ATTEMPTS)]

    assert datetime.timedelta(days=1) <= sum(waits, datetime.timedelta())
    assert sum(waits, datetime.timedelta()) < datetime.timedelta(days=1, hours=4)
