"""The provider's discovery document (.well-known/openid-configuration), fetched and kept.

mozilla-django-oidc needs every endpoint spelled out; a provider publishes them
in its discovery document, so Showup reads them from there and only the issuer
is configured.
"""

from typing import Any

import requests
from django.core.cache import cache

from showup.sso.config import SsoSettings

WELL_KNOWN = "/.well-known/openid-configuration"
# Providers change endpoints rarely; signing keys are read at every sign-in anyway,
# so a rotated key never waits for this.
CACHE_SECONDS = 3600
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
        response = requests.get(url, timeout=config.timeout)
        response.raise_for_status()
        document = response.json()
    except requests.HTTPError as error:
        status = error.response.status_code if error.response is not None else "an error"
        raise DiscoveryProblem(f"The discovery document at {url} answered {status}.") from None
    except requests.RequestException as error:
        raise DiscoveryProblem(
            f"The discovery document at {url} is unreachable ({type(error).__name__})."
        ) from None
    except ValueError:
        raise DiscoveryProblem(f"The discovery document at {url} is not JSON.") from None
    if not isinstance(document, dict):
        raise DiscoveryProblem(f"The discovery document at {url} is not a JSON object.")
    check_document(document, config.issuer)
    return document


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


def signing_keys_problem(document: dict[str, Any], config: SsoSettings) -> str | None:
    """Whether the provider's published keys (JWKS) can be read; for the admin's status screen."""
    try:
        response = requests.get(document["jwks_uri"], timeout=config.timeout)
        response.raise_for_status()
        keys = response.json().get("keys")
    except (requests.RequestException, ValueError, AttributeError):
        return f"The provider's signing keys at {document['jwks_uri']} cannot be read."
    if not keys:
        return f"The provider publishes no signing keys at {document['jwks_uri']}."
    return None
