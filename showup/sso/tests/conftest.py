"""A real OpenID Connect provider (django-oauth-toolkit, its own process) for every SSO test."""

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client

from tests.oidc_provider.running import Provider, provider_code_redirect, provider_running


@pytest.fixture(scope="session")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    with provider_running(tmp_path_factory.mktemp("oidc-provider")) as running:
        yield running


@pytest.fixture
def sso(provider: Provider, settings: Any) -> Iterator[Provider]:
    """Showup configured for the test provider; each test starts with unaltered token answers."""
    settings.SSO_ISSUER = provider.issuer
    settings.SSO_CLIENT_ID = provider.client_id
    settings.SSO_CLIENT_SECRET = provider.client_secret
    settings.SSO_ALLOWED_DOMAINS = ["example.com"]
    settings.SSO_BUTTON_LABEL = "Sign in with Test IdP"
    settings.SSO_BREAK_GLASS_EMAIL = "ada@example.com"
    provider.proxy.rewrite_tokens = provider.proxy.rewrite_userinfo = None
    yield provider
    provider.proxy.rewrite_tokens = provider.proxy.rewrite_userinfo = None


_provider_sessions: dict[str, requests.Session] = {}


def provider_session(username: str) -> requests.Session:
    """One browser-like session per provider user, signed in at the provider once per test run."""
    if username not in _provider_sessions:
        _provider_sessions[username] = requests.Session()
    return _provider_sessions[username]


def sso_callback_url(client: Client, username: str, next_url: str = "") -> str:
    """Starts a sign-in at Showup, signs in at the provider, returns the callback it sends back."""
    start = client.get("/sso/start/" + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302, start.content
    callback = provider_code_redirect(provider_session(username), start["Location"], username)
    parts = urlsplit(callback)
    assert parts.path == "/sso/callback/", callback
    assert "code" in parse_qs(parts.query)
    return f"{parts.path}?{parts.query}"


@pytest.fixture
def sign_in_through_provider(client: Client) -> Any:
    def sign_in(username: str, next_url: str = "") -> Any:
        return client.get(sso_callback_url(client, username, next_url))

    return sign_in
