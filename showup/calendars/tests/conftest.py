"""A real Radicale server per test module, a fresh calendar per test, and a Fernet key."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from caldav.davclient import DAVClient
from cryptography.fernet import Fernet

from showup.calendars.tests.radicale_server import Radicale

USERS = {"riley": "riley-app-password", "max": "max-app-password", "sam": "sam-app-password"}


@pytest.fixture(autouse=True)
def calendar_key(settings: Any) -> str:
    key = Fernet.generate_key().decode()
    settings.CALENDAR_KEYS = [key]
    return key


@pytest.fixture(autouse=True)
def local_calendar_server(settings: Any) -> None:
    """Radicale runs on 127.0.0.1 over http, as in development; production refuses such an address."""
    settings.OUTBOUND_ALLOW_PRIVATE = True


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    server = Radicale(Path(tmp_path_factory.mktemp("radicale")), USERS)
    server.start()
    yield server
    server.stop()


def dav_client(radicale: Radicale, user: str) -> DAVClient:
    """The independent reader (and the person's own calendar app): the caldav library."""
    return DAVClient(url=radicale.url, username=user, password=USERS[user], enable_rfc6764=False)


@pytest.fixture
def new_calendar(radicale: Radicale) -> Callable[[str], str]:
    """A fresh, empty calendar of `user`'s on the server; returns its URL."""
    made = 0

    def make(user: str) -> str:
        nonlocal made
        made += 1
        calendar = dav_client(radicale, user).principal().make_calendar(name=f"Work {made}")
        return str(calendar.url)

    return make
