"""Encrypting a calendar connection's user name and password (Fernet, with key rotation).

SHOWUP_CALENDAR_KEY holds one or more Fernet keys, comma separated: the first
encrypts, all of them decrypt, so a new key can be put in front of the old
one and connections re-encrypted over time. With no key set, a key derived
from the secret key is used only where HTTPS is off (a trial on one machine,
`make run`); in production Showup refuses to store credentials at all.
"""

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from showup.calendars.errors import CalendarError

NO_KEY = (
    "Calendar connections are switched off: the administrator has not set "
    "SHOWUP_CALENDAR_KEY, so Showup has no key to keep your password encrypted with."
)


def _derived_key() -> bytes:
    digest = hashlib.sha256(b"showup-calendar-credentials:" + settings.SECRET_KEY.encode())
    return base64.urlsafe_b64encode(digest.digest())


def _keys() -> list[bytes]:
    if settings.CALENDAR_KEYS:
        return [key.encode() for key in settings.CALENDAR_KEYS]
    if settings.CALENDAR_KEY_DERIVED:
        return [_derived_key()]
    return []


def keys_check() -> None:
    """A mistyped key must stop the server at start-up, not every sync later."""
    for key in settings.CALENDAR_KEYS:
        try:
            Fernet(key.encode())
        except ValueError:
            raise ImproperlyConfigured(
                "SHOWUP_CALENDAR_KEY holds a value that is not a Fernet key (32 url-safe "
                'base64-encoded bytes). Make one with: python -c "from cryptography.fernet '
                'import Fernet; print(Fernet.generate_key().decode())"'
            ) from None


def credentials_can_be_stored() -> bool:
    return bool(_keys())


def _fernet() -> MultiFernet:
    keys = _keys()
    if not keys:
        raise CalendarError(NO_KEY)
    return MultiFernet([Fernet(key) for key in keys])


def credentials_seal(*, username: str, password: str) -> str:
    payload = json.dumps({"username": username, "password": password}).encode()
    return _fernet().encrypt(payload).decode()


def credentials_open(sealed: str) -> tuple[str, str]:
    try:
        payload = json.loads(_fernet().decrypt(sealed.encode()))
    except InvalidToken:
        raise CalendarError(
            "The calendar password cannot be read with the current SHOWUP_CALENDAR_KEY. "
            "Connect the calendar again."
        ) from None
    return payload["username"], payload["password"]
