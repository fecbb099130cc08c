"""Signed links in e-mails: one-click answers (single use, time-limited) and unsubscribing."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse

from showup.core.tokens import token_hash
from showup.notifications.models import UsedLink

ACTION_SALT = "showup.notifications.action"
UNSUBSCRIBE_SALT = "showup.notifications.unsubscribe"
ACTION_LIFETIME = timedelta(days=14)
ACTIONS = ("held", "skipped", "reschedule")


@dataclass(frozen=True)
class ActionLink:
    occurrence_id: int
    person_id: int
    action: str


def action_token(*, occurrence_id: int, person_id: int, action: str) -> str:
    return signing.TimestampSigner(salt=ACTION_SALT).sign(f"{occurrence_id}:{person_id}:{action}")


def action_url(*, occurrence_id: int, person_id: int, action: str) -> str:
    token = action_token(occurrence_id=occurrence_id, person_id=person_id, action=action)
    return settings.BASE_URL + reverse("notifications:go", args=[token])


def read_action(token: str) -> ActionLink | None:
    """The link's content if the signature holds and it has not expired."""
    try:
        value = signing.TimestampSigner(salt=ACTION_SALT).unsign(token, max_age=ACTION_LIFETIME)
    except signing.BadSignature:
        return None
    occurrence_id, person_id, action = value.split(":")
    return ActionLink(int(occurrence_id), int(person_id), action) if action in ACTIONS else None


def link_used(token: str) -> bool:
    return UsedLink.objects.filter(token_hash=token_hash(token)).exists()


def link_use(token: str) -> bool:
    """Marks the link used; False if it already was (two clicks racing included)."""
    try:
        with transaction.atomic():
            UsedLink.objects.create(token_hash=token_hash(token))
    except IntegrityError:
        return False
    return True


def unsubscribe_url(*, person_id: int) -> str:
    token = signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(person_id))
    return settings.BASE_URL + reverse("notifications:unsubscribe", args=[token])


def read_unsubscribe(token: str) -> int | None:
    try:
        return int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None
