"""Reads of access tokens: a person sees their own, and a secret finds its live token."""

from datetime import datetime

from django.db.models import QuerySet

from showup.api.models import AccessToken
from showup.core.tokens import token_hash
from showup.people.models import Person

PREFIX = "shu_"


def tokens_of(*, person: Person) -> QuerySet[AccessToken]:
    return AccessToken.objects.filter(person=person)


def token_find(*, secret: str, now: datetime) -> AccessToken | None:
    """The live token with this secret, of an active person; None for anything else."""
    if not secret.startswith(PREFIX):
        return None
    return (
        AccessToken.objects.filter(
            token_hash=token_hash(secret),
            revoked_at__isnull=True,
            expires_at__gt=now,
            person__is_active=True,
        )
        .select_related("person")
        .first()
    )
