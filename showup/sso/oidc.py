"""mozilla-django-oidc's settings, answered from Showup's SSO variables and the discovery document.

The library reads `OIDC_*` names through `get_settings`; Showup's views and
backend answer them here instead of from Django settings, so that endpoints
come from discovery and PKCE, state and nonce are always on.
"""

from typing import Any

from mozilla_django_oidc.utils import import_from_settings

from showup.sso.config import sso_settings

ALWAYS = {
    "OIDC_USE_PKCE": True,
    "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
    "OIDC_USE_NONCE": True,
    "OIDC_AUTHENTICATION_CALLBACK_URL": "sso:callback",
    "OIDC_REDIRECT_FIELD_NAME": "next",
    "OIDC_VERIFY_SSL": True,
    "OIDC_VERIFY_KID": True,
    "OIDC_ALLOW_UNSECURED_JWT": False,
    "OIDC_STORE_ACCESS_TOKEN": False,
    "OIDC_STORE_ID_TOKEN": False,
    "OIDC_TOKEN_USE_BASIC_AUTH": False,
    "OIDC_PROXY": None,
}


def oidc_setting(name: str, *default: Any) -> Any:
    if name in ALWAYS:
        return ALWAYS[name]
    config = sso_settings()
    if name == "OIDC_RP_SCOPES":
        return config.scopes
    if name == "OIDC_TIMEOUT":
        return config.timeout
    return import_from_settings(name, *default)
