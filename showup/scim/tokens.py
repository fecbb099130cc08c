"""Bearer tokens for the identity provider: made by an admin, shown once, kept as a SHA-256."""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from showup.core.text import text_refusal
from showup.core.tokens import token_hash
from showup.people.models import Person
from showup.scim.models import ScimToken
from showup.scim.selectors import live_tokens

MARKER = "showup_scim_"
# Last use is written at most this often, so a burst of provisioning is not a burst of writes.
LAST_USE_PRECISION = timedelta(minutes=1)


@transaction.atomic
def token_create(*, name: str, by: Person) -> tuple[ScimToken, str]:
    """A new token and its secret, which is returned this once and never kept."""
    name = name.strip()
    problem = text_refusal(name, max_length=100, what="the name") if name else "Name the token."
    if problem:
        raise ValidationError({"name": problem})
    random_part = secrets.token_urlsafe(32)
    secret = MARKER + random_part
    token = ScimToken.objects.create(
        name=name, digest=token_hash(secret), hint=random_part[:6], created_by=by
    )
    return token, secret


def token_revoke(*, token: ScimToken, by: Person) -> ScimToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def token_for_header(authorization: str) -> ScimToken | None:
    """The live token an `Authorization: Bearer ...` header carries, or None; records its use."""
    scheme, _, secret = authorization.strip().partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret.startswith(MARKER):
        return None
    token = live_tokens().filter(digest=token_hash(secret)).first()
    if token is not None:
        _record_use(token)
    return token


def _record_use(token: ScimToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_PRECISION:
        ScimToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
