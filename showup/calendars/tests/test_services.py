"""Encryption, backoff at its limits, and the claim that keeps two workers off one calendar."""

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from cryptography.fernet import Fernet
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


def test_a_derived_key_serves_only_where_it_is_allowed(settings: Any) -> None:
    settings.CALENDAR_KEYS = []
    settings.CALENDAR_KEY_DERIVED = True  # HTTPS off: a trial on one machine, `make run`
    assert credentials_open(credentials_seal(username="u", password="p")) == ("u", "p")
    settings.CALENDAR_KEY_DERIVED = False
    with pytest.raises(CalendarError, match="SHOWUP_CALENDAR_KEY"):
        credentials_seal(username="u", password="p")


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
