"""The one outbound rule: which addresses, which redirects, one lookup, one message for every failure."""

import ipaddress
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from showup.core.outbound import (
    MAX_REDIRECTS,
    UNREACHABLE,
    OutboundUnreachable,
    address_refused,
    outbound_refusal,
    outbound_request,
)
from showup.core.tests.outbound_servers import (
    METADATA,
    PUBLIC,
    Listener,
    Network,
    Redirector,
    listener,
    network,
    redirector,
    tls_for,
)

__all__ = ["listener", "network", "redirector"]  # fixtures, used by name

REDIRECTS = (301, 302, 303, 307, 308)
# Never an address to send to, whatever the setting: metadata, multicast, reserved, unspecified.
NEVER = [
    "169.254.169.254",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "0.0.0.0",  # noqa: S104
    "::",
    "ff02::1",
    "ff0e::1",
    "fe80::1",
    "fec0::1",
    "5f00::1",
    "::ffff:169.254.169.254",
    "::ffff:224.0.0.1",
    "2002:a9fe:a9fe::1",
    "64:ff9b::a9fe:a9fe",
]
# Inward: refused unless private addresses are allowed.
INWARD = [
    "127.0.0.1",
    "10.1.2.3",
    "100.64.0.1",
    "198.18.0.1",
    "::1",
    "fd00::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "2002:7f00:1::1",
    "64:ff9b::7f00:1",
    "64:ff9b::a40:1",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",
]
PUBLIC_ADDRESSES = [
    "34.120.0.9",
    "2001:4860::8888",
    "::ffff:34.120.0.9",
    "2002:2278:9::1",
    "64:ff9b::2278:9",
]


@pytest.fixture
def private_allowed(settings: Any) -> Any:
    settings.OUTBOUND_ALLOW_PRIVATE = True
    return settings


@pytest.fixture
def production(settings: Any) -> Any:
    settings.OUTBOUND_ALLOW_PRIVATE = False
    return settings


@pytest.mark.parametrize("address", NEVER)
@pytest.mark.parametrize("allow_private", [False, True])
def test_it_never_sends_to_metadata_multicast_reserved_or_unspecified_addresses(
    address: str, allow_private: bool
) -> None:
    assert address_refused(ipaddress.ip_address(address), allow_private=allow_private)


@pytest.mark.parametrize("address", INWARD)
def test_it_refuses_inward_addresses_unless_private_ones_are_allowed(address: str) -> None:
    assert address_refused(ipaddress.ip_address(address), allow_private=False)
    assert not address_refused(ipaddress.ip_address(address), allow_private=True)


@pytest.mark.parametrize("address", PUBLIC_ADDRESSES)
def test_it_takes_public_addresses_however_they_are_written(address: str) -> None:
    assert not address_refused(ipaddress.ip_address(address), allow_private=False)


@pytest.mark.parametrize(
    ("address", "refused"),
    [
        ("100.63.255.255", False),
        ("100.64.0.0", True),
        ("100.127.255.255", True),
        ("100.128.0.0", False),
    ],
)
def test_it_refuses_the_shared_address_space_exactly(address: str, refused: bool) -> None:
    """RFC 6598 (carrier-grade NAT) is neither private nor global: `is_private` alone lets it by."""
    assert address_refused(ipaddress.ip_address(address), allow_private=False) is refused


def test_a_name_with_one_inward_answer_among_public_ones_is_refused(
    production: Any, network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = socket.getaddrinfo

    def two_answers(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "mixed.example.net":
            return [
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC, port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.1", port)),
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", two_answers)
    assert "private network" in outbound_refusal("https://mixed.example.net/")


def test_a_vetted_redirect_is_followed(
    private_allowed: Any, redirector: Callable[..., Redirector]
) -> None:
    final = redirector(status=204)
    first = redirector(status=307, location=final.url(path="/there"))
    answer = outbound_request("GET", first.url(), timeout=5)
    assert answer.status == 204
    assert final.received == [("GET", "/there")]


@pytest.mark.parametrize(
    ("hops", "followed"),
    [(MAX_REDIRECTS - 1, True), (MAX_REDIRECTS, True), (MAX_REDIRECTS + 1, False)],
)
def test_it_follows_at_most_the_allowed_number_of_redirects(
    private_allowed: Any, redirector: Callable[..., Redirector], hops: int, followed: bool
) -> None:
    final = redirector(status=204)
    chain = [final]
    for _ in range(hops):
        chain.append(redirector(status=302, location=chain[-1].url()))
    if followed:
        assert outbound_request("GET", chain[-1].url(), timeout=5).status == 204
        assert len(final.received) == 1
    else:
        with pytest.raises(OutboundUnreachable):
            outbound_request("GET", chain[-1].url(), timeout=5)
        assert final.received == []


@pytest.mark.parametrize("status", REDIRECTS)
def test_a_redirect_to_a_never_allowed_address_is_not_followed(
    private_allowed: Any,
    network: Network,
    redirector: Callable[..., Redirector],
    listener: Listener,
    status: int,
) -> None:
    network.route(METADATA)  # were it followed, the listener would hear it
    first = redirector(status=status, location=f"http://{METADATA}:{listener.port}/latest/")
    with pytest.raises(OutboundUnreachable, match=UNREACHABLE):
        outbound_request("POST", first.url(), body=b"{}", timeout=5)
    assert len(first.received) == 1
    assert listener.connections == 0


@pytest.fixture
def public_server(
    production: Any,
    network: Network,
    redirector: Callable[..., Redirector],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[..., Redirector]:
    """A server Showup reaches as https://public.example.net, a public address (routed home)."""
    tls = tls_for(["public.example.net"], tmp_path, monkeypatch)
    network.resolve("public.example.net", PUBLIC)
    network.route(PUBLIC)

    def start(status: int, location: str = "") -> Redirector:
        return redirector(status=status, location=location, tls=tls)

    return start


@pytest.mark.parametrize("status", REDIRECTS)
def test_a_public_server_cannot_redirect_inward(
    public_server: Callable[..., Redirector], listener: Listener, status: int
) -> None:
    first = public_server(status, f"http://127.0.0.1:{listener.port}/")
    with pytest.raises(OutboundUnreachable, match=UNREACHABLE):
        outbound_request("GET", first.url("public.example.net"), timeout=5)
    assert len(first.received) == 1
    assert listener.connections == 0


def test_it_connects_to_the_address_it_checked_without_asking_dns_again(
    public_server: Callable[..., Redirector], network: Network, listener: Listener
) -> None:
    """DNS rebinding: the name answers a public address, then an inward one; only one question is asked."""
    first = public_server(204)
    network.resolve("public.example.net", PUBLIC, "127.0.0.1")
    network.route(PUBLIC, "127.0.0.1")
    assert outbound_request("GET", first.url("public.example.net"), timeout=5).status == 204
    assert network.lookups == ["public.example.net"]
    assert len(first.received) == 1


def test_a_redirect_back_to_the_same_name_is_checked_and_pinned_again(
    public_server: Callable[..., Redirector], network: Network
) -> None:
    final = public_server(204)
    first = public_server(307, final.url("public.example.net", "/again"))
    network.resolve("public.example.net", PUBLIC, "127.0.0.1")  # inward at the second lookup
    with pytest.raises(OutboundUnreachable):
        outbound_request("GET", first.url("public.example.net"), timeout=5)
    assert network.lookups == ["public.example.net", "public.example.net"]
    assert final.received == []


def test_credentials_go_to_the_first_host_only_and_a_303_becomes_a_get(
    private_allowed: Any, network: Network, redirector: Callable[..., Redirector]
) -> None:
    final = redirector(status=204)
    network.resolve("elsewhere.test", "127.0.0.2")
    network.route("127.0.0.2", "127.0.0.1")
    first = redirector(status=303, location=final.url("elsewhere.test"))
    outbound_request(
        "POST", first.url(), body=b"{}", headers={"Authorization": "Basic x"}, timeout=5
    )
    assert first.headers[0]["authorization"] == "Basic x"
    assert final.received == [("GET", "/")]
    assert "authorization" not in final.headers[0]


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that takes the connection and never answers, as a filtering firewall looks."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []

    def hold() -> None:
        while True:
            try:
                held.append(server.accept()[0])
            except OSError:
                return

    threading.Thread(target=hold, daemon=True).start()
    yield server.getsockname()[1]
    server.close()
    for connection in held:
        connection.close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _failure(url: str) -> str:
    try:
        outbound_request("GET", url, timeout=1)
    except OutboundUnreachable as problem:
        return str(problem)
    raise AssertionError(f"{url} answered")


def test_a_closed_a_silent_a_chattering_port_and_a_refused_redirect_all_read_the_same(
    private_allowed: Any,
    network: Network,
    redirector: Callable[..., Redirector],
    listener: Listener,
    silent_port: int,
) -> None:
    chattering = socket.socket()  # an open port speaking something other than HTTP
    chattering.bind(("127.0.0.1", 0))
    chattering.listen(1)

    def chatter() -> None:
        connection, _ = chattering.accept()
        connection.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")
        connection.close()

    threading.Thread(target=chatter, daemon=True).start()
    network.route(METADATA)
    refused = redirector(status=307, location=f"http://{METADATA}:{listener.port}/")
    messages = {
        "closed": _failure(f"http://127.0.0.1:{closed_port()}/"),
        "silent": _failure(f"http://127.0.0.1:{silent_port}/"),
        "chattering": _failure(f"http://127.0.0.1:{chattering.getsockname()[1]}/"),
        "refused redirect": _failure(refused.url()),
    }
    chattering.close()
    assert set(messages.values()) == {UNREACHABLE}
    assert listener.connections == 0


@pytest.mark.parametrize(
    ("address", "names_the_setting"),
    [("10.0.0.1", True), ("127.0.0.1", True), ("169.254.169.254", False), ("224.0.0.1", False)],
)
def test_a_refusal_names_the_setting_only_where_the_setting_helps(
    settings: Any, address: str, names_the_setting: bool
) -> None:
    settings.OUTBOUND_ALLOW_PRIVATE = False
    refusal = outbound_refusal(f"https://{address}/hook")
    assert "private network" in refusal
    assert ("SHOWUP_OUTBOUND_ALLOW_PRIVATE" in refusal) is names_the_setting
