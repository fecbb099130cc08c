"""Signs a person in from the provider's ID token: signature, issuer, audience, expiry, nonce."""

from typing import Any

import jwt
import requests
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from showup.people.models import Person, normalize_email
from showup.people.services import person_create
from showup.sso.config import SsoSettings, email_domain_allowed, sso_settings
from showup.sso.discovery import SIGNING_ALGORITHMS, DiscoveryProblem, discovery_document
from showup.sso.models import Refusal
from showup.sso.oidc import oidc_setting
from showup.sso.refusals import SignInRefused

# Clocks differ a little between the provider and Showup.
CLOCK_LEEWAY_SECONDS = 60
NAME_MAX_LENGTH = Person._meta.get_field("name").max_length or 150
CLAIM_ERRORS: list[tuple[type[Exception], Refusal]] = [
    (jwt.InvalidSignatureError, Refusal.SIGNATURE),
    (jwt.InvalidAudienceError, Refusal.AUDIENCE),
    (jwt.InvalidIssuerError, Refusal.ISSUER),
    (jwt.ExpiredSignatureError, Refusal.EXPIRED),
]


class SsoBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow, with endpoints from discovery and every claim checked.

    Only `SsoCallbackView` calls it (with a nonce and a PKCE verifier); a password
    sign-in passes other arguments, so Django skips this backend for it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Built on every request that reads the session's person: no settings read, no network.
        self.UserModel = Person

    get_settings = staticmethod(oidc_setting)

    def authenticate(
        self,
        request: HttpRequest | None,
        nonce: str | None = None,
        code_verifier: str | None = None,
    ) -> Person | None:
        if request is None or not nonce or not code_verifier:
            return None
        self.config = sso_settings()
        self.use_discovery(self.config)
        try:
            return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        except requests.HTTPError:
            raise SignInRefused(Refusal.TOKEN_EXCHANGE) from None
        except requests.RequestException:
            raise SignInRefused(Refusal.NOT_CONFIGURED) from None

    def use_discovery(self, config: SsoSettings) -> None:
        try:
            document = discovery_document(config)
        except DiscoveryProblem:
            raise SignInRefused(Refusal.NOT_CONFIGURED) from None
        self.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = document.get("userinfo_endpoint")
        self.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = config.client_id
        self.OIDC_RP_CLIENT_SECRET = config.client_secret
        self.OIDC_RP_IDP_SIGN_KEY = None

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The library checks the signature and nonce only; issuer, audience and expiry too here."""
        algorithm = self.signing_algorithm(token)
        try:
            key = self.retrieve_matching_jwk(token)
        except SuspiciousOperation:
            raise SignInRefused(Refusal.SIGNATURE) from None
        claims = self.decoded(token, key, algorithm)
        if len(self.audiences(claims)) > 1 and claims.get("azp") != self.config.client_id:
            raise SignInRefused(Refusal.AUDIENCE)
        if not kwargs.get("nonce") or claims.get("nonce") != kwargs["nonce"]:
            raise SignInRefused(Refusal.NONCE)
        return claims

    @staticmethod
    def signing_algorithm(token: str) -> str:
        try:
            algorithm = jwt.get_unverified_header(token).get("alg")
        except jwt.DecodeError:
            raise SignInRefused(Refusal.SIGNATURE) from None
        if algorithm not in SIGNING_ALGORITHMS:
            raise SignInRefused(Refusal.SIGNATURE)
        return str(algorithm)

    def decoded(self, token: str, key: Any, algorithm: str) -> dict[str, Any]:
        try:
            return jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=self.config.client_id,
                issuer=self.config.issuer,
                leeway=CLOCK_LEEWAY_SECONDS,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.InvalidTokenError as error:
            for kind, reason in CLAIM_ERRORS:
                if isinstance(error, kind):
                    raise SignInRefused(reason) from None
            raise SignInRefused(Refusal.SIGNATURE) from None

    @staticmethod
    def audiences(claims: dict[str, Any]) -> list[Any]:
        audience = claims.get("aud")
        return audience if isinstance(audience, list) else [audience]

    def store_tokens(self, access_token: str, id_token: str) -> None:
        # The ID token is kept by the callback view for the provider's sign-out; nothing else.
        self.id_token = id_token

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> Person:
        claims = self.claims(access_token, id_token, payload)
        email = self.verified_email(claims)
        with transaction.atomic():
            person = Person.objects.filter(email=email).first()
            if person is None:
                person = self.provisioned(email, claims)
        if not person.is_active:
            raise SignInRefused(Refusal.DEACTIVATED)
        return person

    def claims(self, access_token: str, id_token: str, payload: dict[str, Any]) -> dict[str, Any]:
        """The ID token's claims, completed from the user info endpoint (Okta keeps ID tokens thin)."""
        if not self.OIDC_OP_USER_ENDPOINT:
            return payload
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SignInRefused(Refusal.SUBJECT)
        return {**userinfo, **payload}

    def verified_email(self, claims: dict[str, Any]) -> str:
        email = claims.get(self.config.email_claim)
        if not isinstance(email, str) or "@" not in email:
            raise SignInRefused(Refusal.EMAIL_MISSING)
        if claims.get(self.config.email_verified_claim) not in (True, "true"):
            raise SignInRefused(Refusal.EMAIL_UNVERIFIED)
        if not email_domain_allowed(self.config, email):
            raise SignInRefused(Refusal.DOMAIN)
        return normalize_email(email)

    def provisioned(self, email: str, claims: dict[str, Any]) -> Person:
        """A new person without a manager, only when provisioning is on and domains are named."""
        if not (self.config.create_people and self.config.allowed_domains):
            raise SignInRefused(Refusal.UNKNOWN_PERSON)
        name = claims.get(self.config.name_claim)
        if not isinstance(name, str) or not name.strip():
            name = email.split("@")[0]
        return person_create(email=email, name=name.strip()[:NAME_MAX_LENGTH], manager=None)

    def update_user(self, user: Person, claims: dict[str, Any]) -> Person:
        return user  # The admin (or SCIM) owns names and addresses; a sign-in changes nothing.

    def get_user(self, user_id: int) -> Person | None:
        # The library's get_user would keep a deactivated person signed in.
        person = ModelBackend.get_user(self, user_id)
        return person if isinstance(person, Person) else None
