"""Encrypting a calendar connection's user name and password (Fernet, with key rotation).

SHOWUP_CALENDAR_KEY holds one or more Fernet keys, comma separated: the first
encrypts, all of them decrypt, so a new key can be put in front of the old
one and connections re-encrypted over time. With no key set, Showup makes one
the first time it needs it, in its own file in the data folder (0600). Never
a key derived from the secret key: backups hold the secret key, and they
leave the calendar key out unless asked (`showup backup --include-keys`).
"""

import json
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from showup.calendars.errors import CalendarError

UNREADABLE = (
    "Showup can no longer read this calendar's password: it was encrypted with a key this "
    "server does not have (after a restore from a backup without its keys, or a changed "
    "SHOWUP_CALENDAR_KEY). Connect the calendar again with its app password."
)


class CredentialsUnreadable(CalendarError):
    """No key this server has opens the stored credentials: only the person can give them again."""


def _file_key() -> bytes:
    """The data folder's key, made at first need; two processes making it at once keep one."""
    path = Path(settings.CALENDAR_KEY_FILE)
    if not path.exists():
        draft = path.with_name(f"{path.name}.{secrets.token_hex(8)}.new")
        draft.write_bytes(Fernet.generate_key())
        draft.chmod(0o600)
        try:
            os.link(draft, path)  # atomic, and refuses to replace a key another process made
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_bytes().strip()


def _keys() -> list[bytes]:
    if settings.CALENDAR_KEYS:
        return [key.encode() for key in settings.CALENDAR_KEYS]
    return [_file_key()]


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


def _fernet(*, old_keys: tuple[bytes, ...] = ()) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in [*_keys(), *old_keys]])


def credentials_seal(*, username: str, password: str) -> str:
    payload = json.dumps({"username": username, "password": password}).encode()
    return _fernet().encrypt(payload).decode()


def credentials_open(sealed: str) -> tuple[str, str]:
    try:
        payload = json.loads(_fernet().decrypt(sealed.encode()))
    except InvalidToken:
        raise CredentialsUnreadable(UNREADABLE) from None
    return payload["username"], payload["password"]


def credentials_rotate(sealed: str, *, old_keys: tuple[bytes, ...] = ()) -> str | None:
    """The credentials sealed again with the current key, if any current or old key opens them."""
    try:
        return _fernet(old_keys=old_keys).rotate(sealed.encode()).decode()
    except InvalidToken:
        return None
