"""Every request the server sends to an address someone else named: where it may go, and how.

Webhooks, chat reminders, CalDAV calendars and the sign-in provider make
Showup send requests to URLs that people, servers or documents name. Left
unchecked, such a URL reaches the server's own network (SSRF). One rule, here,
holds for all of them, at every hop:

- the URL is http(s), carries no user name or password, and is not too long;
- the name is resolved once and every address it gives must be public. Private,
  loopback and shared (RFC 6598) addresses pass only when
  SHOWUP_OUTBOUND_ALLOW_PRIVATE is on (tests, development, an intranet);
  link-local (where clouds serve their metadata), multicast, reserved and
  unspecified addresses never do. An IPv4 address carried inside IPv6 (mapped,
  6to4, NAT64, Teredo) is judged as the IPv4 address it carries;
- plain http goes only to a private address, when those are allowed;
- the connection goes to the address that was checked: no second lookup, so a
  name that answers differently the next time (DNS rebinding) changes nothing;
- a redirect is followed only when its target passes the same checks, resolved
  and pinned again, and at most MAX_REDIRECTS times.

Whatever goes wrong on the way is one message for the person
(OutboundUnreachable): a refused redirect, a closed port, a filtered one and a
server speaking something else look the same, so the message cannot be used
to map the network. The log keeps the detail for the operator.
"""

import http.client
import ipaddress
import logging
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import SplitResult, urljoin, urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

MAX_URL = 500
MAX_REDIRECTS = 3
REDIRECT_CODES = (301, 302, 303, 307, 308)
# Sent to the first host only: a redirect elsewhere must not carry them along.
CREDENTIAL_HEADERS = ("authorization", "cookie", "proxy-authorization")
UNREACHABLE = "The server could not be reached."
NAT64 = ipaddress.ip_network("64:ff9b::/96")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class OutboundRefused(Exception):
    """The URL may not be used; the message says why, for the person who gave it."""


class OutboundUnreachable(Exception):
    """No answer came back from a vetted address, for whatever reason; always UNREACHABLE."""

    def __init__(self) -> None:
        super().__init__(UNREACHABLE)


@dataclass(frozen=True)
class Target:
    """A URL that passed the checks, with the addresses its name had when it was checked."""

    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[str, ...]

    @property
    def address(self) -> str:
        return self.addresses[0]

    @property
    def origin(self) -> tuple[str, str, int]:
        return (self.scheme, self.host, self.port)


@dataclass(frozen=True)
class Answer:
    """What the server answered at the last hop."""

    url: str
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str:
        return next((value for key, value in self.headers if key.lower() == name.lower()), "")


def address_refused(address: Address, *, allow_private: bool) -> bool:
    """Whether Showup may not connect to `address`: the address rule, in one place."""
    carried = _carried_ipv4(address)
    if carried is not None:
        return address_refused(carried, allow_private=allow_private)
    if address.is_loopback:
        return not allow_private  # ::1 sits in a reserved block, yet is as private as 127.0.0.1
    if _never_reachable(address):
        return True
    # `not is_global`, not `is_private`: shared space (100.64.0.0/10) is neither.
    return not allow_private and not address.is_global


def _plain(address: Address) -> Address:
    """An IPv4 address carried inside an IPv6 one, as itself."""
    return _carried_ipv4(address) or address


def _never_reachable(address: Address) -> bool:
    site_local = isinstance(address, ipaddress.IPv6Address) and address.is_site_local
    return (
        address.is_unspecified
        or address.is_multicast  # 224.0.0.0/4 counts as global on this Python
        or address.is_reserved
        or address.is_link_local
        or site_local
    )


def _carried_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def outbound_target(url: str, *, trusted_origin: str = "") -> Target:
    """The vetted target of `url`, resolved now; raises OutboundRefused with a clear reason.

    `trusted_origin` is a URL the operator configured (the sign-in provider's
    issuer): its own host may be on a private network, as company ones are.
    """
    parts = _parts(url)
    host, port = parts.hostname or "", parts.port or _default_port(parts.scheme)
    allow_private = settings.OUTBOUND_ALLOW_PRIVATE or _same_origin(parts, trusted_origin)
    addresses = _vetted_addresses(host, port, allow_private=allow_private)
    if parts.scheme == "http" and not (allow_private and not any(a.is_global for a in addresses)):
        raise OutboundRefused(
            "Use an https:// URL: what Showup sends must not cross the network in clear."
        )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, host, port, path, tuple(str(a) for a in addresses))


def outbound_refusal(url: str) -> str:
    """Why `url` may not be used, or "" when it may."""
    try:
        outbound_target(url)
    except OutboundRefused as refusal:
        return str(refusal)
    return ""


def _parts(url: str) -> SplitResult:
    if len(url) > MAX_URL:
        raise OutboundRefused(f"That URL is longer than {MAX_URL} characters.")
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018  (a bad port raises here)
    except ValueError:
        raise OutboundRefused("That is not a valid URL.") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OutboundRefused("Give a full URL starting with https://.")
    if parts.username or parts.password:
        raise OutboundRefused("Leave the user name and password out of the URL.")
    return parts


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def _same_origin(parts: SplitResult, trusted_origin: str) -> bool:
    if not trusted_origin:
        return False
    trusted = urlsplit(trusted_origin)
    return (parts.scheme, parts.hostname, parts.port or _default_port(parts.scheme)) == (
        trusted.scheme,
        trusted.hostname,
        trusted.port or _default_port(trusted.scheme),
    )


def _vetted_addresses(host: str, port: int, *, allow_private: bool) -> list[Address]:
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise OutboundRefused(f"No server called {host} could be found.") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]
    # Every answer, not only the first: the connection may go to any of them.
    never = [a for a in map(_plain, addresses) if not a.is_loopback and _never_reachable(a)]
    if not addresses or never:
        raise OutboundRefused(
            f"{host} is on a private network Showup never sends to "
            "(link-local, multicast or reserved), whatever the settings."
        )
    if any(address_refused(a, allow_private=allow_private) for a in addresses):
        raise OutboundRefused(
            f"{host} is on a private network; Showup only sends to public addresses. "
            "An administrator who trusts that network can allow it with the setting "
            "SHOWUP_OUTBOUND_ALLOW_PRIVATE=true."
        )
    return addresses


def outbound_request(
    method: str,
    url: str,
    *,
    timeout: float,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    redirects: int = MAX_REDIRECTS,
    max_body: int = 1024 * 1024,
    trusted_origin: str = "",
) -> Answer:
    """Sends one request to the vetted address of `url`, following up to `redirects` vetted redirects.

    With `redirects=0` a redirect is returned as it came, never followed. The
    first URL's refusal raises OutboundRefused (the person gave it); anything
    after that raises OutboundUnreachable. A body longer than `max_body` is cut.
    """
    target = outbound_target(url, trusted_origin=trusted_origin)
    sent = dict(headers or {})
    for hop in range(redirects + 1):
        answer = _exchange(target, url, method, body, sent, timeout, max_body)
        location = answer.header("Location")
        if redirects == 0 or answer.status not in REDIRECT_CODES or not location:
            return answer
        if hop == redirects:
            raise _unreachable(url, f"more than {redirects} redirects")
        next_url = urljoin(url, location)
        target = _redirect_target(next_url, trusted_origin, came_from=target)
        method, body = _redirected_method(answer.status, method, body)
        sent = _redirected_headers(sent, same_origin=target.origin == _origin_of(url))
        url = next_url
    raise AssertionError("the loop returns or raises")  # pragma: no cover


def _origin_of(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    return (parts.scheme, parts.hostname or "", parts.port or _default_port(parts.scheme))


def _redirect_target(url: str, trusted_origin: str, *, came_from: Target) -> Target:
    try:
        return outbound_target(url, trusted_origin=trusted_origin)
    except OutboundRefused as refusal:
        raise _unreachable(url, f"redirect from {came_from.host} refused: {refusal}") from None


def _redirected_method(status: int, method: str, body: bytes) -> tuple[str, bytes]:
    """What browsers do: 303 always, and 301/302 after a POST, become a GET without a body."""
    if (status == 303 and method != "HEAD") or (status in (301, 302) and method == "POST"):
        return "GET", b""
    return method, body


def _redirected_headers(headers: dict[str, str], *, same_origin: bool) -> dict[str, str]:
    if same_origin:
        return headers
    return {k: v for k, v in headers.items() if k.lower() not in CREDENTIAL_HEADERS}


def _unreachable(url: str, detail: str) -> OutboundUnreachable:
    """The person's one message; the operator's detail goes to the log."""
    logger.warning("outbound request to %s failed: %s", url, detail)
    return OutboundUnreachable()


def _exchange(
    target: Target,
    url: str,
    method: str,
    body: bytes,
    headers: dict[str, str],
    timeout: float,
    max_body: int,
) -> Answer:
    connection = _connection(target, timeout)
    try:
        connection.request(method, target.path, body=body or None, headers=headers)
        response = connection.getresponse()
        content = _read(response, max_body, deadline=time.monotonic() + timeout)
        return Answer(url, response.status, response.reason, response.getheaders(), content)
    except (OSError, http.client.HTTPException) as problem:
        raise _unreachable(url, f"{type(problem).__name__}: {problem}") from None
    finally:
        connection.close()


def _read(response: http.client.HTTPResponse, max_body: int, *, deadline: float) -> bytes:
    """The body, up to `max_body` bytes; a server trickling it slower than the timeout is cut off."""
    chunks: list[bytes] = []
    size = 0
    while size < max_body:
        if time.monotonic() > deadline:
            raise TimeoutError("the answer took too long")
        chunk = response.read(min(64 * 1024, max_body - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the addresses that were checked, while the Host header keeps the name."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self.target = target

    def connect(self) -> None:
        self.sock = _pinned_socket(self.target, self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self.target = target

    def connect(self) -> None:
        raw = _pinned_socket(self.target, self.timeout)
        # The certificate is checked against the name, not the address.
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]


def _pinned_socket(target: Target, timeout: float | None) -> socket.socket:
    problem: OSError = ConnectionError("no address")
    for address in target.addresses:
        try:
            return socket.create_connection((address, target.port), timeout)
        except OSError as error:
            problem = error
    raise problem


def _connection(target: Target, timeout: float) -> http.client.HTTPConnection:
    if target.scheme == "https":
        return _PinnedHTTPSConnection(target, timeout)
    return _PinnedHTTPConnection(target, timeout)
