"""Encryption, backoff at its limits, and the claim that keeps two workers off one calendar."""

import base64
import hashlib
import stat
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import connection as db

from showup.calendars import services
from showup.calendars.errors import CalendarError
from showup.calendars.models import Connection
from showup.calendars.secrets import credentials_open, credentials_seal
from showup.calendars.tests.helpers import connect
from showup.calendars.tests.radicale_server import Radicale
from showup.people.models import Person
from tests.factories import PersonFactory


def test_credentials_open_with_any_listed_key_so_keys_can_rotate(settings: Any) -> None:
    old = settings.CALENDAR_KEYS[0]
    sealed = credentials_seal(username="riley", password="s3cret")
    assert "s3cret" not in sealed
    assert "riley" not in sealed
    settings.CALENDAR_KEYS = [Fernet.generate_key().decode(), old]
    assert credentials_open(sealed) == ("riley", "s3cret")
    settings.CALENDAR_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CalendarError, match="Connect the calendar again"):
        credentials_open(sealed)


def _derived_from_the_secret_key() -> Fernet:
    """The key older versions derived from the secret key, which backups hold."""
    digest = hashlib.sha256(b"showup-calendar-credentials:" + settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(digest.digest()))


@pytest.fixture
def key_file(settings: Any, tmp_path: Path) -> Path:
    """No SHOWUP_CALENDAR_KEY: the data folder's own key file serves."""
    settings.CALENDAR_KEYS = []
    settings.CALENDAR_KEY_FILE = tmp_path / "calendar_key"
    return settings.CALENDAR_KEY_FILE


def test_without_a_key_set_it_makes_its_own_file_readable_by_its_owner_alone(
    key_file: Path,
) -> None:
    assert not key_file.exists()
    sealed = credentials_seal(username="u", password="p")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert Fernet(key_file.read_bytes()).decrypt(sealed.encode())
    assert credentials_open(sealed) == ("u", "p")
    with pytest.raises(InvalidToken):
        _derived_from_the_secret_key().decrypt(sealed.encode())
    assert [path.name for path in key_file.parent.iterdir()] == ["calendar_key"]


def test_threads_making_the_key_at_once_all_keep_the_same_one(
    key_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    together = threading.Barrier(8)
    generate_key = Fernet.generate_key

    def generate_key_once_all_are_making_one() -> bytes:
        together.wait(timeout=10)  # every thread found no key file and is making one
        return generate_key()

    monkeypatch.setattr(Fernet, "generate_key", staticmethod(generate_key_once_all_are_making_one))
    sealed: list[str] = []

    def seal() -> None:
        sealed.append(credentials_seal(username="u", password="p"))

    threads = [threading.Thread(target=seal) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    key = Fernet(key_file.read_bytes())
    assert [key.decrypt(token.encode()) for token in sealed] == [
        b'{"username": "u", "password": "p"}'
    ] * 8
    assert [path.name for path in key_file.parent.iterdir()] == ["calendar_key"]


def test_a_mistyped_key_stops_the_server_at_start_up(settings: Any) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from showup.calendars.secrets import keys_check

    settings.CALENDAR_KEYS = [Fernet.generate_key().decode()[:-2]]
    with pytest.raises(ImproperlyConfigured, match="not a Fernet key"):
        keys_check()


@pytest.mark.parametrize(
    ("failures", "wait"),
    [
        (1, timedelta(minutes=1)),
        (2, timedelta(minutes=2)),
        (9, timedelta(minutes=256)),
        (10, timedelta(hours=6)),  # 512 minutes, capped
        (11, timedelta(hours=6)),
        (500, timedelta(hours=6)),
    ],
)
def test_backoff_doubles_up_to_six_hours(failures: int, wait: timedelta) -> None:
    assert services.backoff(failures) == wait


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_sync_one_calendar_at_once(
    radicale: Radicale,
    new_calendar: Callable[[str], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report: Person = PersonFactory.create()
    connection = connect(report, new_calendar("riley"), "riley")
    inside, release = threading.Event(), threading.Event()
    runs: list[str] = []

    def slow_sync(*, connection: Connection, **kwargs: object) -> None:
        runs.append("sync")
        inside.set()
        release.wait(timeout=10)

    monkeypatch.setattr(services, "connection_sync", slow_sync)
    results: dict[str, bool] = {}

    def worker(name: str) -> None:
        try:
            results[name] = services.connection_sync_claimed(
                connection=Connection.objects.get(pk=connection.pk), worker=name
            )
        finally:
            db.close()

    first = threading.Thread(target=worker, args=("first",))
    first.start()
    assert inside.wait(timeout=10)
    second = threading.Thread(target=worker, args=("second",))
    second.start()
    second.join(timeout=10)
    release.set()
    first.join(timeout=10)
    assert results == {"first": True, "second": False}
    assert runs == ["sync"]
    assert services.connection_sync_claimed(
        connection=Connection.objects.get(pk=connection.pk), worker="third"
    )  # released once the first was done
