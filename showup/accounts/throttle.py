"""Brute-force protection for sign-in: a lockout after repeated wrong passwords.

Counted per account and, more loosely, per network address, in the database so
that every server process sees the same counts.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from showup.accounts.models import SignInThrottle

# One address may belong to a whole office behind a NAT, so it gets more room.
ADDRESS_ALLOWANCE = 4


def throttle_keys(*, email: str, address: str | None) -> list[tuple[str, int]]:
    limit = settings.SIGN_IN_MAX_FAILURES
    keys = [(f"email:{email.strip().lower()}", limit)]
    if address:
        keys.append((f"ip:{address}", limit * ADDRESS_ALLOWANCE))
    return keys


def locked_until(*, email: str, address: str | None) -> datetime | None:
    now = timezone.now()
    keys = [key for key, _ in throttle_keys(email=email, address=address)]
    until = (
        SignInThrottle.objects.filter(key__in=keys, locked_until__gt=now)
        .order_by("-locked_until")
        .values_list("locked_until", flat=True)
        .first()
    )
    return until


def record_failure(*, email: str, address: str | None) -> None:
    now = timezone.now()
    lockout = timedelta(minutes=settings.SIGN_IN_LOCKOUT_MINUTES)
    for key, limit in throttle_keys(email=email, address=address):
        throttle, _ = SignInThrottle.objects.get_or_create(key=key, defaults={"window_start": now})
        if throttle.window_start < now - lockout:
            SignInThrottle.objects.filter(pk=throttle.pk).update(failures=0, window_start=now)
        SignInThrottle.objects.filter(pk=throttle.pk).update(failures=F("failures") + 1)
        SignInThrottle.objects.filter(pk=throttle.pk, failures__gte=limit).update(
            locked_until=now + lockout, failures=0, window_start=now
        )


def record_success(*, email: str) -> None:
    SignInThrottle.objects.filter(key=f"email:{email.strip().lower()}").delete()
