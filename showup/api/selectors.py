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


def tokens_made_with_passwords(
    *, now: datetime, except_person_id: int | None
) -> QuerySet[AccessToken]:
    """Live tokens of active people made in a password session (or before that was recorded)."""
    found = AccessToken.objects.filter(
        made_with__in=[AccessToken.MadeWith.PASSWORD, AccessToken.MadeWith.UNKNOWN],
        revoked_at__isnull=True,
        expires_at__gt=now,
        person__is_active=True,
    )
    return found if except_person_id is None else found.exclude(person_id=except_person_id)
