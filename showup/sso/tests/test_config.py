"""The configuration's own rules, at their exact limits."""

from typing import Any

import pytest
from django.urls import reverse

from showup.sso.config import email_domain_allowed, settings_problems, sso_settings
from showup.sso.discovery import DiscoveryProblem, check_document
from tests.factories import PersonFactory

ISSUER = "https://id.example.com"
GOOD_DOCUMENT = {
    "issuer": ISSUER,
    "authorization_endpoint": f"{ISSUER}/authorize",
    "token_endpoint": f"{ISSUER}/token",
    "jwks_uri": f"{ISSUER}/keys",
    "code_challenge_methods_supported": ["S256"],
    "id_token_signing_alg_values_supported": ["RS256"],
}


@pytest.mark.parametrize(
    ("email", "allowed"),
    [
        ("riley@example.com", True),
        ("riley@EXAMPLE.com", True),
        ("riley@sub.example.com", False),
        ("riley@badexample.com", False),
        ("riley@example.com.evil", False),
        ("example.com@evil.example", False),
    ],
)
def test_only_the_named_domains_themselves_are_allowed(
    settings: Any, email: str, allowed: bool
) -> None:
    settings.SSO_ALLOWED_DOMAINS = ["Example.com"]
    assert email_domain_allowed(sso_settings(), email) is allowed


def test_no_named_domains_allow_any(settings: Any) -> None:
    settings.SSO_ALLOWED_DOMAINS = []
    assert email_domain_allowed(sso_settings(), "anyone@anywhere.example")


@pytest.mark.parametrize(
    ("issuer", "problem"),
    [
        ("https://id.example.com", False),
        ("http://127.0.0.1:8080/o", False),
        ("http://localhost/o", False),
        ("http://id.example.com", True),
    ],
)
def test_the_issuer_must_use_https_except_on_this_machine(
    settings: Any, issuer: str, problem: bool
) -> None:
    settings.SSO_ISSUER = issuer
    settings.SSO_CLIENT_ID = "showup"
    settings.SSO_CLIENT_SECRET = "secret"
    problems = settings_problems(sso_settings())
    assert any("must start with https://" in text for text in problems) is problem


def test_provisioning_without_domains_is_a_problem(settings: Any) -> None:
    settings.SSO_ISSUER = ISSUER
    settings.SSO_CLIENT_ID = "showup"
    settings.SSO_CLIENT_SECRET = "secret"
    settings.SSO_CREATE_PEOPLE = True
    settings.SSO_ALLOWED_DOMAINS = []
    assert any(
        "SHOWUP_SSO_ALLOWED_DOMAINS is empty" in text for text in settings_problems(sso_settings())
    )


def test_a_good_discovery_document_passes() -> None:
    check_document(dict(GOOD_DOCUMENT), ISSUER)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"issuer": ISSUER + "/"}, "Issuer mismatch"),
        ({"jwks_uri": None}, "has no jwks_uri"),
        ({"code_challenge_methods_supported": ["plain"]}, "PKCE with S256"),
        (
            {"id_token_signing_alg_values_supported": ["HS256", "none"]},
            "signs ID tokens with HS256, none",
        ),
    ],
)
def test_a_discovery_document_that_does_not_fit_is_refused(
    change: dict[str, Any], message: str
) -> None:
    with pytest.raises(DiscoveryProblem, match=message):
        check_document({**GOOD_DOCUMENT, **change}, ISSUER)


@pytest.mark.django_db
def test_the_status_screen_says_where_plain_http_is_accepted(sign_in: Any, settings: Any) -> None:
    admin_client = sign_in(PersonFactory.create(is_admin=True))
    settings.SSO_ISSUER = "http://id.example.com"
    settings.SSO_CLIENT_ID = "showup"
    settings.SSO_CLIENT_SECRET = "secret"
    page = admin_client.get(reverse("sso:status")).content.decode()
    assert "must start with https://" in page
    assert "accepted only for a provider on this machine" in page
