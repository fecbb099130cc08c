"""Credentials at rest: passwords sealed with the old derived key move to the calendar key once,
and a connection no key opens waits for its person instead of failing every sync."""

import base64
import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import connection as db
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from showup.calendars import services
from showup.calendars.models import Connection
from showup.calendars.secrets import UNREADABLE, credentials_open, credentials_seal
from showup.people.models import Person
from tests.factories import PersonFactory

BEFORE = [("calendars", "0001_initial")]
EVERY = timedelta(minutes=5)


def _derived_from_the_secret_key() -> Fernet:
    digest = hashlib.sha256(b"showup-calendar-credentials:" + settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(digest.digest()))


def _sealed_with(key: Fernet, password: str) -> str:
    return key.encrypt(json.dumps({"username": "riley", "password": password}).encode()).decode()


def _connection(person: Person, credentials: str) -> Connection:
    return Connection.objects.create(
        person=person, calendar_url="https://cal.example.com/riley/", credentials=credentials
    )


def _migrate(targets: list[tuple[str, str]] | None = None) -> None:
    executor = MigrationExecutor(db)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.fixture
def key_file(settings: Any, tmp_path: Path) -> Path:
    settings.CALENDAR_KEYS = []
    settings.CALENDAR_KEY_FILE = tmp_path / "calendar_key"
    return settings.CALENDAR_KEY_FILE


@pytest.mark.django_db(transaction=True)
def test_it_moves_passwords_sealed_with_the_derived_key_to_its_own_key(key_file: Path) -> None:
    _migrate(BEFORE)
    try:
        derived = _derived_from_the_secret_key()
        old = _connection(PersonFactory.create(), _sealed_with(derived, "s3cret"))
        lost = _connection(
            PersonFactory.create(), _sealed_with(Fernet(Fernet.generate_key()), "gone")
        )
    finally:
        _migrate()
    old.refresh_from_db()
    assert credentials_open(old.credentials) == ("riley", "s3cret")
    assert Fernet(key_file.read_bytes()).decrypt(old.credentials.encode())
    with pytest.raises(InvalidToken):
        derived.decrypt(old.credentials.encode())  # the secret key no longer opens it
    unchanged = lost.credentials
    lost.refresh_from_db()
    assert lost.credentials == unchanged  # its first sync asks its person (below)


@pytest.mark.django_db(transaction=True)
def test_the_move_keeps_passwords_already_sealed_with_the_configured_key(settings: Any) -> None:
    _migrate(BEFORE)
    try:
        current = _connection(
            PersonFactory.create(), credentials_seal(username="riley", password="kept")
        )
    finally:
        _migrate()
    current.refresh_from_db()
    assert credentials_open(current.credentials) == ("riley", "kept")
    assert Fernet(settings.CALENDAR_KEYS[0]).decrypt(current.credentials.encode())


@pytest.mark.django_db
def test_a_connection_no_key_opens_waits_for_its_person_instead_of_failing_every_sync(
    sign_in: Callable[[Person], Client],
) -> None:
    person: Person = PersonFactory.create()
    connection = _connection(person, _sealed_with(Fernet(Fernet.generate_key()), "gone"))
    now = timezone.now()
    assert services.connections_due(now=now, every=EVERY) == [connection]
    assert services.connection_sync_claimed(connection=connection, worker="w1", now=now)
    connection.refresh_from_db()
    assert connection.credentials == ""
    assert connection.last_error == UNREADABLE
    assert (connection.failures, connection.retry_at, connection.running_by) == (0, None, "")
    later = now + timedelta(days=1)
    assert services.connections_due(now=later, every=EVERY) == []
    assert services.connections_changed(now=later) == []
    page = sign_in(person).get(reverse("calendars:connection")).content.decode()
    assert "Connect the calendar again" in page
    assert services.connection_disconnect(person=person)


@pytest.mark.django_db
def test_after_a_restore_only_connections_no_key_opens_are_forgotten() -> None:
    readable = _connection(PersonFactory.create(), credentials_seal(username="r", password="p"))
    unreadable = _connection(
        PersonFactory.create(), _sealed_with(Fernet(Fernet.generate_key()), "gone")
    )
    assert services.connections_forget_unreadable() == 1
    assert services.connections_forget_unreadable() == 0  # nothing left to forget
    readable.refresh_from_db()
    unreadable.refresh_from_db()
    assert credentials_open(readable.credentials) == ("r", "p")
    assert readable.last_error == ""
    assert (unreadable.credentials, unreadable.last_error) == ("", UNREADABLE)
    assert services.connections_due(now=timezone.now(), every=EVERY) == [readable]
