"""Servers and a pretend network for the outbound tests.

`Redirector` answers every request with a redirect (or any status) and counts
what it received; `Listener` is the second server, the one a redirect points
to, which counts every connection made to it, HTTP or not. `Network` stands
for DNS and routing: a name may resolve to a public-looking address (counted,
and answering differently each time if asked), and a connection to that
address lands on a local server, so a vetted "public" target is reachable in a
test. `tls_for(names)` makes a certificate authority the client trusts and a
server certificate for those names.
"""

import datetime
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

PUBLIC = "34.120.0.9"  # a public address no test ever really reaches: Network routes it home
METADATA = "169.254.169.254"  # refused even when private addresses are allowed


class Redirector:
    """Answers `status` with `Location: location` to every request; records (method, path)."""

    def __init__(self, status: int = 307, location: str = "", tls: ssl.SSLContext | None = None):
        self.status = status
        self.location = location
        self.received: list[tuple[str, str]] = []
        self.headers: list[dict[str, str]] = []
        redirector = self

        class Handler(BaseHTTPRequestHandler):
            def answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                redirector.received.append((self.command, self.path))
                redirector.headers.append({k.lower(): v for k, v in self.headers.items()})
                self.send_response(redirector.status)
                if redirector.location:
                    self.send_header("Location", redirector.location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = answer

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.scheme = "https" if tls else "http"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def url(self, host: str = "127.0.0.1", path: str = "/") -> str:
        return f"{self.scheme}://{host}:{self.port}{path}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Listener:
    """A port that counts every connection made to it and answers 200 to anything HTTP."""

    def __init__(self) -> None:
        self.connections = 0
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.port = self.socket.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            connection.close()

    def stop(self) -> None:
        self.socket.close()


@dataclass
class Network:
    """DNS answers and routes for the test; everything else goes to the real resolver."""

    names: dict[str, list[str]] = field(default_factory=dict)
    routes: dict[str, str] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)

    def resolve(self, host: str, *addresses: str) -> None:
        """`host` answers the first address, then the next one at each later lookup."""
        self.names[host] = list(addresses)

    def route(self, address: str, to: str = "127.0.0.1") -> None:
        self.routes[address] = to


@pytest.fixture
def network(monkeypatch: pytest.MonkeyPatch) -> Network:
    net = Network()
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.create_connection

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, str) and host in net.names:
            net.lookups.append(host)
            answers = net.names[host]
            asked = sum(1 for name in net.lookups if name == host)
            address = answers[min(asked, len(answers)) - 1]
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (address, port))]
        return real_getaddrinfo(host, port, *args, **kwargs)

    def create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        host, port = address
        return real_connect((net.routes.get(host, host), port), *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return net


@pytest.fixture
def listener() -> Iterator[Listener]:
    started = Listener()
    yield started
    started.stop()


@pytest.fixture
def redirector() -> Iterator[Callable[..., Redirector]]:
    started: list[Redirector] = []

    def start(
        status: int = 307, location: str = "", tls: ssl.SSLContext | None = None
    ) -> Redirector:
        server = Redirector(status, location, tls)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def tls_for(names: list[str], folder: Path, monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext:
    """A server context with a certificate for `names`, from a CA the client is made to trust."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Showup test CA")])
    ca = _certificate(ca_name, ca_name, ca_key, ca_key.public_key(), ca=True)
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = _certificate(
        x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]),
        ca_name,
        ca_key,
        key.public_key(),
        ca=False,
        names=names,
    )
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (folder / "server.pem").write_bytes(
        leaf.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    # ssl.create_default_context() reads the trusted roots from here when it is made.
    monkeypatch.setenv("SSL_CERT_FILE", str(folder / "ca.pem"))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "server.pem")
    return context


def _certificate(
    subject: x509.Name,
    issuer: x509.Name,
    signing_key: ec.EllipticCurvePrivateKey,
    public_key: ec.EllipticCurvePublicKey,
    *,
    ca: bool,
    names: list[str] | None = None,
) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if names:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(name) for name in names]), critical=False
        )
    return builder.sign(signing_key, hashes.SHA256())


REDIRECTS = (301, 302, 303, 307, 308)
# Private addresses allowed (loopback reachable): the redirect points at cloud metadata,
# which stays refused. Production: a vetted public server points back inward.
MODES = ("private allowed", "production")


@dataclass(frozen=True)
class Trap:
    """A server Showup may call that answers with a redirect to `listener`, which must hear nothing."""

    url: str
    first: Redirector
    listener: Listener


@pytest.fixture
def redirect_trap(
    settings: Any,
    network: Network,
    redirector: Callable[..., Redirector],
    listener: Listener,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Callable[..., Trap]:
    def make(status: int, mode: str, *, name: str, path: str = "/") -> Trap:
        if mode == "private allowed":
            settings.OUTBOUND_ALLOW_PRIVATE = True
            network.route(METADATA)  # were the redirect followed, the listener would hear it
            first = redirector(status, f"http://{METADATA}:{listener.port}/latest/")
            return Trap(first.url(path=path), first, listener)
        settings.OUTBOUND_ALLOW_PRIVATE = False
        tls = tls_for([name], tmp_path, monkeypatch)
        network.resolve(name, PUBLIC)
        network.route(PUBLIC)
        first = redirector(status, f"http://127.0.0.1:{listener.port}/", tls=tls)
        return Trap(first.url(name, path), first, listener)

    return make
