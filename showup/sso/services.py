"""Writes: the SSO-required switch (ending password sessions), and the sign-in record."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from showup.people.models import Person
from showup.sso.config import settings_problems, sso_settings
from showup.sso.models import Refusal, SsoEvent
from showup.sso.policy import is_break_glass, sso_policy_locked
from showup.sso.signals import password_credentials_counted, password_credentials_revoke

# The session key that marks a session begun through the provider.
SIGNED_IN_WITH = "showup_signed_in_with"
# Sign-in events older than this are dropped: the status screen shows the last 30 days.
EVENTS_KEPT = timedelta(days=30)


def signed_in_with_sso(*, session: dict) -> bool:
    return session.get(SIGNED_IN_WITH) == "sso"


@dataclass(frozen=True)
class Required:
    """What requiring single sign-on stopped: password sessions, and what else the admin chose."""

    sessions: int
    credentials: list[tuple[str, int]]


@transaction.atomic
def sso_require(
    *, required: bool, by: Person, by_sso: bool, stop_password_credentials: bool = False
) -> Required:
    """Turns the SSO-required rule on or off; turning it on ends every other password session.

    With `stop_password_credentials`, credentials made with a password (API tokens)
    stop too. Refuses to lock the company out: SSO must be configured, and the
    admin must be signed in through it or be the break-glass admin.
    """
    if required:
        check_can_require(by=by, by_sso=by_sso)
    policy = sso_policy_locked()
    policy.sso_required = required
    policy.changed_at = timezone.now()
    policy.changed_by = by
    policy.save()
    if not required:
        return Required(sessions=0, credentials=[])
    stopped = (
        _answers(password_credentials_revoke, now=policy.changed_at)
        if stop_password_credentials
        else []
    )
    return Required(sessions=password_sessions_end(), credentials=stopped)


def password_credentials(*, now: datetime) -> list[tuple[str, int]]:
    """What still works though made with a password (API tokens, ...), and how many: the admin's offer."""
    return [found for found in _answers(password_credentials_counted, now=now) if found[1]]


def _answers(signal: Signal, *, now: datetime) -> list[tuple[str, int]]:
    kept = break_glass_person_id()
    answers = signal.send(sender=None, now=now, except_person_id=int(kept) if kept else None)
    return [cast(tuple[str, int], answer) for _, answer in answers]


def check_can_require(*, by: Person, by_sso: bool) -> None:
    config = sso_settings()
    if not config.configured or settings_problems(config):
        raise ValidationError("Single sign-on is not configured correctly yet; fix it first.")
    if not by_sso and not is_break_glass(by.email):
        raise ValidationError(
            "You are signed in with a password. Sign in with single sign-on first, so that "
            "requiring it cannot lock you out."
        )


def password_sessions_end() -> int:
    """Deletes every live session begun with a password, except the break-glass admin's."""
    kept = break_glass_person_id()
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = session.get_decoded()
        person_id = data.get("_auth_user_id")
        if person_id is None or signed_in_with_sso(session=data) or person_id == kept:
            continue
        session.delete()
        ended += 1
    return ended


def break_glass_person_id() -> str | None:
    """The break-glass admin's id as sessions keep it (a string), if they have an account."""
    email = sso_settings().break_glass_email
    person_id = Person.objects.filter(email=email).values_list("pk", flat=True).first()
    return None if not email or person_id is None else str(person_id)


def sign_in_record(*, person: Person) -> None:
    SsoEvent.objects.create(succeeded=True, person=person)
    events_forget_old()


def refusal_record(*, reason: Refusal) -> None:
    SsoEvent.objects.create(succeeded=False, reason=reason)
    events_forget_old()


def events_forget_old() -> None:
    SsoEvent.objects.filter(at__lt=timezone.now() - EVENTS_KEPT).delete()
