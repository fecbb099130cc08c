"""The provider's discovery document (.well-known/openid-configuration), fetched and kept.

mozilla-django-oidc needs every endpoint spelled out; a provider publishes them
in its discovery document, so Showup reads them from there and only the issuer
is configured.

The discovery document and the signing keys are fetched through core's
outbound rule (showup/core/outbound.py), like every request the server sends:
the issuer, which the operator configured, may be on the company's own network;
any other address (a redirect elsewhere, keys published on another host) must
be public unless SHOWUP_OUTBOUND_ALLOW_PRIVATE is on.
"""

import json
from typing import Any

from django.core.cache import cache

from showup.core.outbound import Answer, OutboundRefused, OutboundUnreachable, outbound_request
from showup.sso.config import SsoSettings

WELL_KNOWN = "/.well-known/openid-configuration"
# Providers change endpoints rarely; signing keys are read at every sign-in anyway,
# so a rotated key never waits for this.
CACHE_SECONDS = 3600
MAX_DOCUMENT = 1024 * 1024
REQUIRED_ENDPOINTS = ("authorization_endpoint", "token_endpoint", "jwks_uri")
# Asymmetric signatures only: a token signed with the client secret (HS256) could
# be made by anyone who holds the secret, and "none" by anyone at all.
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")


class DiscoveryProblem(Exception):
    """The provider's discovery document could not be read or does not fit."""


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + WELL_KNOWN


def discovery_document(config: SsoSettings, *, fresh: bool = False) -> dict[str, Any]:
    key = f"sso-discovery:{config.issuer}"
    document = None if fresh else cache.get(key)
    if document is None:
        document = fetch_discovery(config)
        cache.set(key, document, CACHE_SECONDS)
    return document


def fetch_discovery(config: SsoSettings) -> dict[str, Any]:
    url = discovery_url(config.issuer)
    try:
        answer = provider_get(url, config)
    except OutboundRefused as refusal:
        raise DiscoveryProblem(
            f"The discovery document at {url} cannot be used. {refusal}"
        ) from None
    except OutboundUnreachable:
        raise DiscoveryProblem(f"The discovery document at {url} is unreachable.") from None
    if answer.status != 200:
        raise DiscoveryProblem(f"The discovery document at {url} answered {answer.status}.")
    try:
        document = json.loads(answer.body)
    except ValueError:
        raise DiscoveryProblem(f"The discovery document at {url} is not JSON.") from None
    if not isinstance(document, dict):
        raise DiscoveryProblem(f"The discovery document at {url} is not a JSON object.")
    check_document(document, config.issuer)
    return document


def provider_get(url: str, config: SsoSettings) -> Answer:
    """A GET to the provider through the outbound rule, its issuer's host trusted; redirects vetted."""
    return outbound_request(
        "GET",
        url,
        headers={"Accept": "application/json"},
        timeout=config.timeout,
        max_body=MAX_DOCUMENT,
        trusted_origin=config.issuer,
    )


def check_document(document: dict[str, Any], issuer: str) -> None:
    if document.get("issuer") != issuer:
        raise DiscoveryProblem(
            f"Issuer mismatch: the provider calls itself {document.get('issuer')!r}, but "
            f"SHOWUP_SSO_ISSUER is {issuer!r}. They must be identical, trailing slash included."
        )
    missing = [name for name in REQUIRED_ENDPOINTS if not document.get(name)]
    if missing:
        raise DiscoveryProblem(f"The discovery document has no {', '.join(missing)}.")
    methods = document.get("code_challenge_methods_supported")
    if methods is not None and "S256" not in methods:
        raise DiscoveryProblem("The provider does not offer PKCE with S256.")
    algorithms = document.get("id_token_signing_alg_values_supported") or []
    if not set(algorithms) & set(SIGNING_ALGORITHMS):
        raise DiscoveryProblem(
            f"The provider signs ID tokens with {', '.join(algorithms) or 'nothing'}; "
            f"Showup accepts {', '.join(SIGNING_ALGORITHMS)}."
        )


def signing_keys(document: dict[str, Any], config: SsoSettings) -> list[Any]:
    """The provider's published keys (JWKS); raises DiscoveryProblem when they cannot be read."""
    url = str(document["jwks_uri"])
    try:
        answer = provider_get(url, config)
        keys = json.loads(answer.body).get("keys") if answer.status == 200 else None
    except (OutboundRefused, OutboundUnreachable, ValueError, AttributeError):
        raise DiscoveryProblem(f"The provider's signing keys at {url} cannot be read.") from None
    if not isinstance(keys, list) or not keys:
        raise DiscoveryProblem(f"The provider publishes no signing keys at {url}.")
    return keys


def signing_keys_problem(document: dict[str, Any], config: SsoSettings) -> str | None:
    """Whether the provider's published keys (JWKS) can be read; for the admin's status screen."""
    try:
        signing_keys(document, config)
    except DiscoveryProblem as problem:
        return str(problem)
    return None
