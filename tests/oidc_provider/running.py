"""Starts the test provider as its own process, behind a proxy that can rewrite its token answers.

Browser and Showup both reach the provider through the proxy, which is its
public address (the issuer). A test sets `proxy.rewrite_tokens` to change the
token endpoint's JSON before Showup sees it: that is how forged and replayed ID
tokens reach Showup, through the real HTTP exchange.
"""

import html
import http.client
import json
import re
import secrets
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "provider-password-1"
CLIENT_ID = "showup-tests"
CLIENT_SECRET = secrets.token_urlsafe(24)
CALLBACK_PATHS = ["http://localhost/sso/callback/", "http://testserver/sso/callback/"]
SIGNED_OUT_PATHS = ["http://localhost/accounts/sign-in/", "http://testserver/accounts/sign-in/"]
# username: (e-mail, name, e-mail verified)
USERS = {
    "riley": ("riley@example.com", "Riley Report", True),
    "una": ("una@example.com", "Una Unverified", False),
    "olga": ("olga@elsewhere.example", "Olga Outside", True),
    "sam": ("stranger@example.com", "Sam Stranger", True),
    "dee": ("dee@example.com", "Dee Deactivated", True),
    "nora": ("nora@example.com", "Nora Newcomer", True),
    "ada": ("ada@example.com", "Ada Admin", True),
}
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "server", "date"}

TokenRewrite = Callable[[dict[str, Any]], dict[str, Any]]


def rsa_private_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@dataclass
class TokenProxy:
    """Forwards every request to the provider; may rewrite the token endpoint's answer."""

    target_port: int = 0
    rewrite_tokens: TokenRewrite | None = None
    rewrite_userinfo: TokenRewrite | None = None
    id_tokens: list[str] = field(default_factory=list)

    def forward(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Any:
        connection = http.client.HTTPConnection("127.0.0.1", self.target_port, timeout=30)
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        content = response.read()
        connection.close()
        if path.startswith("/o/token/") and response.status == 200:
            content = self.token_answer(content)
        if path.startswith("/o/userinfo/") and response.status == 200 and self.rewrite_userinfo:
            content = json.dumps(self.rewrite_userinfo(json.loads(content))).encode()
        return response.status, response.getheaders(), content

    def token_answer(self, content: bytes) -> bytes:
        answer = json.loads(content)
        self.id_tokens.append(answer["id_token"])
        if self.rewrite_tokens is not None:
            answer = self.rewrite_tokens(answer)
        return json.dumps(answer).encode()


def proxy_handler(proxy: TokenProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def relay(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            status, answer_headers, content = proxy.forward(self.command, self.path, headers, body)
            self.send_response(status)
            for name, value in answer_headers:
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = relay

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@dataclass
class Provider:
    issuer: str
    proxy: TokenProxy
    private_pem: str
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET

    @property
    def base(self) -> str:
        return self.issuer.removesuffix("/o")


def seed() -> str:
    users = [
        {"username": u, "email": e, "name": n, "email_verified": v, "password": PASSWORD}
        for u, (e, n, v) in USERS.items()
    ]
    client = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": CALLBACK_PATHS,
        "post_logout_redirect_uris": SIGNED_OUT_PATHS,
    }
    return json.dumps({"users": users, "clients": [client]})


@contextmanager
def provider_running(folder: Path) -> Iterator[Provider]:
    proxy = TokenProxy()
    server = ThreadingHTTPServer(("127.0.0.1", 0), proxy_handler(proxy))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    issuer = f"http://127.0.0.1:{server.server_port}/o"
    private_pem = rsa_private_pem()
    environment = {
        "PATH": "/usr/bin:/bin",
        "PROVIDER_SECRET_KEY": secrets.token_urlsafe(40),
        "PROVIDER_DB": str(folder / "provider.sqlite3"),
        "PROVIDER_RSA_KEY": private_pem,
        "PROVIDER_ISSUER": issuer,
        "PROVIDER_SEED": seed(),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve"],
        cwd=REPO,
        env=environment,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        proxy.target_port = int(process.stdout.readline())
        yield Provider(issuer=issuer, proxy=proxy, private_pem=private_pem)
    finally:
        process.terminate()
        process.wait(timeout=10)
        server.shutdown()
        server.server_close()


def provider_code_redirect(session: requests.Session, authorize_url: str, username: str) -> str:
    """Signs `username` in at the provider (once per session) and returns where it sends the browser."""
    answer = session.get(authorize_url, allow_redirects=False)
    if "/accounts/login/" in answer.headers.get("Location", ""):
        login_url = urljoin(authorize_url, answer.headers["Location"])
        page = session.get(login_url)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert match is not None, page.text
        form = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": match[1]}
        next_field = re.search(r'name="next" value="([^"]*)"', page.text)
        assert next_field is not None
        form["next"] = html.unescape(next_field[1])
        signed_in = session.post(login_url, data=form, allow_redirects=False)
        assert signed_in.status_code == 302, signed_in.text
        answer = session.get(
            urljoin(login_url, signed_in.headers["Location"]), allow_redirects=False
        )
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]
