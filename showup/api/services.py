"""Making, revoking and counting the use of personal access tokens."""

import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Q

from showup.api.models import MAX_TOKEN_NAME, AccessToken
from showup.api.selectors import PREFIX, token_hash, tokens_made_with_passwords
from showup.core.text import text_refusal
from showup.meetings.errors import MeetingError
from showup.people.models import Person

# 256 bits, like the calendar feed's token.
SECRET_BYTES = 32
EXPIRY_CHOICES_DAYS = (7, 30, 90, 365)
RATE_WINDOW = timedelta(minutes=1)


class TokenError(MeetingError):
    pass


@dataclass(frozen=True)
class IssuedToken:
    """The token as stored, and its secret: the only time anyone sees it."""

    token: AccessToken
    secret: str


def token_issue(
    *,
    person: Person,
    name: str,
    scope: str,
    expires_in_days: int,
    now: datetime,
    made_with: str = AccessToken.MadeWith.UNKNOWN,
) -> IssuedToken:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise TokenError("Name the token after what will use it, such as “Tracker sync”.")
    refusal = text_refusal(cleaned, max_length=MAX_TOKEN_NAME, what="a token's name")
    if refusal:
        raise TokenError(refusal)
    if scope not in AccessToken.Scope.values:
        raise TokenError("A token reads, or reads and writes.")
    if expires_in_days not in EXPIRY_CHOICES_DAYS:
        raise TokenError("Choose when the token expires.")
    secret = PREFIX + secrets.token_urlsafe(SECRET_BYTES)
    token = AccessToken.objects.create(
        person=person,
        name=cleaned,
        scope=scope,
        token_hash=token_hash(secret),
        created_at=now,
        expires_at=now + timedelta(days=expires_in_days),
        made_with=made_with,
    )
    return IssuedToken(token=token, secret=secret)


def token_revoke(*, person: Person, token_id: int, now: datetime) -> bool:
    """Stops the person's token at once. False when it is not theirs or was already revoked."""
    return bool(
        AccessToken.objects.filter(pk=token_id, person=person, revoked_at__isnull=True).update(
            revoked_at=now
        )
    )


def token_use(*, token: AccessToken, now: datetime) -> int | None:
    """Counts one request against the token's limit: None if it may go on, else seconds to wait.

    Each step is one conditional UPDATE, so requests arriving at once on any
    number of servers can never count past the limit together: the database
    decides, row by row.
    """
    limit = settings.API_RATE_LIMIT
    rows = AccessToken.objects.filter(pk=token.pk)
    in_window = rows.filter(window_start__gt=now - RATE_WINDOW, window_count__lt=limit)
    counted = {"window_count": F("window_count") + 1, "last_used_at": now}
    if in_window.update(**counted):
        return None
    expired = Q(window_start__isnull=True) | Q(window_start__lte=now - RATE_WINDOW)
    if rows.filter(expired).update(window_start=now, window_count=1, last_used_at=now):
        return None
    # Another request opened a new window between the two steps: count in it.
    if in_window.update(**counted):
        return None
    opened = rows.values_list("window_start", flat=True).first() or now
    return max(1, math.ceil((opened + RATE_WINDOW - now).total_seconds()))


def tokens_revoke_made_with_passwords(*, now: datetime, except_person_id: int | None) -> int:
    """Stops every live token made in a password session; returns how many."""
    return tokens_made_with_passwords(now=now, except_person_id=except_person_id).update(
        revoked_at=now
    )
