"""Where Showup may send a webhook: checked when a URL is given, and again before each delivery.

A webhook makes the server send requests on a person's say-so, so an
unchecked URL would let anyone reach the server's own network (SSRF). A
target must be HTTPS on a public address; private, loopback and link-local
addresses are refused unless SHOWUP_WEBHOOKS_ALLOW_PRIVATE is on (tests,
development), and only then may plain http be used, for those addresses.
The name is resolved again before each delivery and the connection goes to
the address that was checked, so a name that later points inward is caught.
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from django.conf import settings

MAX_URL = 500
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class TargetRefused(Exception):
    """The URL may not be used; the message says why, for the person who gave it."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str


def target_check(url: str) -> Target:
    """The vetted target of `url`, resolved now; raises TargetRefused with a clear reason."""
    parts = _parts(url)
    address = _vetted_address(parts.hostname or "", parts.port or _default_port(parts.scheme))
    if parts.scheme == "http" and not (settings.WEBHOOKS_ALLOW_PRIVATE and _is_private(address)):
        raise TargetRefused(
            "Use an https:// URL: what Showup sends must not cross the network in clear."
        )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(
        scheme=parts.scheme,
        host=parts.hostname or "",
        port=parts.port or _default_port(parts.scheme),
        path=path,
        address=str(address),
    )


def target_refusal(url: str) -> str:
    """Why `url` may not be used, or "" when it may."""
    try:
        target_check(url)
    except TargetRefused as refusal:
        return str(refusal)
    return ""


def _parts(url: str) -> SplitResult:
    if len(url) > MAX_URL:
        raise TargetRefused(f"That URL is longer than {MAX_URL} characters.")
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018  (a bad port raises here)
    except ValueError:
        raise TargetRefused("That is not a valid URL.") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetRefused("Give a full URL starting with https://.")
    if parts.username or parts.password:
        raise TargetRefused("Leave the user name and password out of the URL.")
    return parts


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def _vetted_address(host: str, port: int) -> Address:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise TargetRefused(f"No server called {host} could be found.") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]
    if not settings.WEBHOOKS_ALLOW_PRIVATE and any(_is_private(a) for a in addresses):
        raise TargetRefused(
            f"{host} is on a private network; Showup only sends to public addresses."
        )
    return addresses[0]


def _is_private(address: Address) -> bool:
    return not address.is_global


def post_json(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POSTs `body` to the vetted address of `url`; returns the status code. Redirects are not followed."""
    target = target_check(url)
    connection = _connection(target)
    try:
        connection.request(
            "POST",
            target.path,
            body=body,
            headers={
                "Content-Type": "application/json",
                "User-Agent": "Showup-Webhooks/1",
                **headers,
            },
        )
        response = connection.getresponse()
        response.read(64 * 1024)
        return response.status
    finally:
        connection.close()


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, while the Host header keeps the name."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self.pinned = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.pinned, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self.pinned = target.address

    def connect(self) -> None:
        raw = socket.create_connection((self.pinned, self.port), self.timeout)
        # The certificate is checked against the name, not the address.
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]


def _connection(target: Target) -> http.client.HTTPConnection:
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS
    if target.scheme == "https":
        return _PinnedHTTPSConnection(target, timeout)
    return _PinnedHTTPConnection(target, timeout)
