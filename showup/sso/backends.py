"""Signs a person in from the provider's ID token: signature, issuer, audience, expiry, nonce."""

import json
from typing import Any
from urllib.parse import urlencode

import jwt
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from showup.core.outbound import Answer, OutboundRefused, OutboundUnreachable, outbound_request
from showup.people.models import Person, normalize_email
from showup.people.services import person_create
from showup.sso.config import (
    SsoSettings,
    email_domain_allowed,
    issuer_in_the_clear,
    sso_settings,
)
from showup.sso.discovery import (
    SIGNING_ALGORITHMS,
    DiscoveryProblem,
    discovery_document,
    signing_keys,
)
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
        return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)

    def use_discovery(self, config: SsoSettings) -> None:
        if issuer_in_the_clear(config.issuer):
            raise SignInRefused(Refusal.NOT_CONFIGURED)
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

    # The library sends its three requests with `requests` straight to any address the
    # provider names; here they go through core's outbound rule like every other request.

    def get_token(self, payload: dict[str, Any]) -> dict[str, Any]:
        answer = self.provider_call(
            "POST",
            str(self.OIDC_OP_TOKEN_ENDPOINT),
            body=urlencode(payload).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        if answer.status != 200:
            raise SignInRefused(Refusal.TOKEN_EXCHANGE)
        return self.json_object(answer.body, Refusal.TOKEN_EXCHANGE)

    def get_userinfo(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        answer = self.provider_call(
            "GET",
            str(self.OIDC_OP_USER_ENDPOINT),
            headers={"Authorization": f"Bearer {access_token}"},
        )
        if answer.status != 200:
            raise SignInRefused(Refusal.TOKEN_EXCHANGE)
        if answer.header("Content-Type").lower().startswith("application/jwt"):
            return self.verify_token(answer.body.decode())
        return self.json_object(answer.body, Refusal.TOKEN_EXCHANGE)

    def retrieve_matching_jwk(self, token: str) -> jwt.PyJWK:
        """The provider's key that signed `token`: by its `kid`, or the one key there is.

        A token without `kid` is accepted only when the provider publishes exactly
        one key for the token's algorithm: otherwise which key signed it is a guess.
        """
        try:
            keys = signing_keys(discovery_document(self.config), self.config)
            header = jwt.get_unverified_header(token)
        except (DiscoveryProblem, jwt.DecodeError):
            raise SignInRefused(Refusal.SIGNATURE) from None
        fitting = [key for key in keys if _fits(key, header)]
        if len(fitting) != 1:
            raise SignInRefused(Refusal.SIGNATURE)
        try:
            return jwt.PyJWK(fitting[0])
        except jwt.PyJWKError:
            raise SignInRefused(Refusal.SIGNATURE) from None

    def provider_call(
        self, method: str, url: str, *, body: bytes = b"", headers: dict[str, str]
    ) -> Answer:
        try:
            return outbound_request(
                method,
                url,
                body=body,
                headers={"Accept": "application/json", **headers},
                timeout=self.config.timeout,
                trusted_origin=self.config.issuer,
            )
        except (OutboundRefused, OutboundUnreachable):
            raise SignInRefused(Refusal.NOT_CONFIGURED) from None

    @staticmethod
    def json_object(body: bytes, refusal: Refusal) -> dict[str, Any]:
        try:
            found = json.loads(body)
        except ValueError:
            raise SignInRefused(refusal) from None
        if not isinstance(found, dict):
            raise SignInRefused(refusal)
        return found

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The library checks the signature and nonce only; issuer, audience and expiry too here."""
        algorithm = self.signing_algorithm(token)
        key = self.retrieve_matching_jwk(token)
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


def _fits(key: Any, header: dict[str, Any]) -> bool:
    """Whether a published key may have signed a token with this header."""
    if not isinstance(key, dict):
        return False
    if "kid" in header and key.get("kid") != header["kid"]:
        return False
    if key.get("alg") and key["alg"] != header.get("alg"):
        return False
    return key.get("use", "sig") == "sig"
