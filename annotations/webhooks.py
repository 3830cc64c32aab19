"""Webhooks on the wire, without the database: which addresses a delivery may reach, the
body and its signature, one HTTP POST, and the pauses between attempts.

A URL's host is resolved and every address it resolves to is checked: an address on a
private, loopback, link-local (or otherwise not global) network is refused unless the
WEBHOOK_ALLOW_PRIVATE setting is on. A delivery resolves and checks again, then connects to
the very address it checked, so a DNS answer that changes in between (DNS rebinding) cannot
point it at the inside of the network. Redirects are not followed, for the same reason.
"""

import datetime
import hashlib
import hmac
import http.client
import ipaddress
import json
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from django.core.exceptions import ValidationError

TIMEOUT_SECONDS = 5
USER_AGENT = "factcheck-webhooks/1"
# Pauses after each failed attempt: 1 minute, doubling, at most 4 hours; the 14th failure
# gives up, 24 hours 15 minutes after the first attempt (MAX_ATTEMPTS, retry_delay).
FIRST_RETRY = datetime.timedelta(minutes=1)
LONGEST_RETRY = datetime.timedelta(hours=4)
MAX_ATTEMPTS = 14


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long to wait after the `attempts`-th failed attempt (1, 2, 4, ... minutes, capped)."""
    return min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_RETRY)


def signature(body: bytes, secret: str) -> str:
    """The X-Factcheck-Signature header's value: sha256=<hex HMAC-SHA256 of the raw body>."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def body_of(*, event_id: str, kind: str, created_at: str, data: dict) -> bytes:
    """The JSON a delivery POSTs: the change's id, type, time and the object."""
    payload = {"id": event_id, "type": kind, "created_at": created_at, "data": data}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def split_url(url: str) -> SplitResult:
    """The parts of an http(s) URL with a host, or a ValidationError on `url`."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (reading it checks it: a port outside 0-65535 raises)
    except ValueError:
        raise ValidationError({"url": "This is not a valid URL."}) from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationError({"url": "Use an http:// or https:// address with a host."})
    if parts.username is not None or parts.password is not None:
        raise ValidationError(
            {"url": "Leave the user name and password out: deliveries are signed instead."}
        )
    return parts


def port_of(parts: SplitResult) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether an address is on the public internet (an IPv4 address mapped into IPv6 is
    judged as the IPv4 address it carries)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def resolve(parts: SplitResult, *, allow_private: bool) -> list[str]:
    """Every address the URL's host resolves to, each checked (a ValidationError on `url`
    names the first refused); IP literals resolve to themselves."""
    try:
        found = socket.getaddrinfo(
            parts.hostname, port_of(parts), type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
        )
    except (socket.gaierror, UnicodeError):
        raise ValidationError(
            {"url": f"The host “{parts.hostname}” could not be found."}
        ) from None
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    if not allow_private:
        for text in addresses:
            # A scoped IPv6 address carries its interface after a %: fe80::1%eth0.
            if not is_public(ipaddress.ip_address(text.split("%")[0])):
                raise ValidationError(
                    {
                        "url": f"“{parts.hostname}” is on a private, loopback or link-local "
                        f"network ({text}): webhooks go to public addresses only."
                    }
                )
    return addresses


def check_url(url: str, *, allow_private: bool) -> None:
    """Refuse (ValidationError on `url`) an address a webhook may not be sent to."""
    resolve(split_url(url), allow_private=allow_private)


class PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to the addresses checked beforehand (the first that answers),
    whatever the host resolves to now; the Host header still names the host."""

    def __init__(self, host: str, port: int, *, addresses: list[str], timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses

    def connect(self) -> None:
        for address in self.addresses[:-1]:
            try:
                self.sock = socket.create_connection((address, self.port), self.timeout)
                return
            except OSError:
                continue
        self.sock = socket.create_connection((self.addresses[-1], self.port), self.timeout)


class PinnedHTTPSConnection(PinnedHTTPConnection):
    """The same over TLS: the certificate is checked against the host's name."""

    default_port = 443

    def connect(self) -> None:
        super().connect()
        self.sock = ssl.create_default_context().wrap_socket(self.sock, server_hostname=self.host)


@dataclass(frozen=True)
class Outcome:
    """What one attempt got: the response's status (None if there was none) and, unless it
    succeeded, what went wrong, in words for the delivery log."""

    status: int | None
    error: str

    @property
    def delivered(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def post(url: str, body: bytes, headers: dict[str, str], *, allow_private: bool) -> Outcome:
    """POST `body` to `url` once, within TIMEOUT_SECONDS per step (connect, send, each read),
    to an address checked as `resolve` checks it."""
    try:
        parts = split_url(url)
        addresses = resolve(parts, allow_private=allow_private)
    except ValidationError as error:
        return Outcome(None, " ".join(error.messages))
    connection_class = PinnedHTTPSConnection if parts.scheme == "https" else PinnedHTTPConnection
    connection = connection_class(
        parts.hostname, port_of(parts), addresses=addresses, timeout=TIMEOUT_SECONDS
    )
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={"Content-Type": "application/json", "User-Agent": USER_AGENT, **headers},
        )
        response = connection.getresponse()
        response.read(64 * 1024)  # The answer is not used; read a little so it can finish.
    except TimeoutError:
        return Outcome(None, f"No answer within {TIMEOUT_SECONDS} seconds.")
    except (OSError, http.client.HTTPException) as error:
        return Outcome(None, f"{type(error).__name__}: {error}")
    finally:
        connection.close()
    if 200 <= response.status < 300:
        return Outcome(response.status, "")
    return Outcome(response.status, f"HTTP {response.status} {response.reason}".strip())
