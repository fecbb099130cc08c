"""The calendar connection page and the question pages: their owner only, bad input changes nothing."""

import re
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from cryptography.fernet import Fernet
from django.db import connection as db
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from showup.calendars.dav import UNREACHABLE
from showup.calendars.models import Connection, Question
from showup.calendars.tests.conftest import USERS
from showup.calendars.tests.helpers import (
    connect,
    days_ahead,
    delete_in,
    edit_in_calendar,
    read_calendars,
    sync,
)
from showup.calendars.tests.radicale_server import Radicale
from showup.core.tests.outbound_servers import (
    MODES,
    REDIRECTS,
    Trap,
    listener,
    network,
    redirect_trap,
    redirector,
)
from showup.meetings.models import Occurrence
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series

PAGE = reverse("calendars:connection")
__all__ = ["listener", "network", "redirect_trap", "redirector"]  # fixtures, used by name


@pytest.fixture
def manager(db: None) -> Person:
    return PersonFactory.create(name="Max Manager")


@pytest.fixture
def report(manager: Person) -> Person:
    return PersonFactory.create(name="Riley Report", manager=manager)


def test_it_connects_after_finding_the_calendar_and_never_stores_the_password_in_clear(
    radicale: Radicale,
    new_calendar: Callable[[str], str],
    sign_in: Callable[[Person], Client],
    report: Person,
) -> None:
    url = new_calendar("riley")
    response = sign_in(report).post(
        PAGE, {"url": radicale.url, "username": "riley", "password": USERS["riley"]}
    )
    assert response.status_code == 302
    stored = Connection.objects.get(person=report)
    assert stored.calendar_url == url  # found from the server's root through the principal
    with db.cursor() as cursor:
        cursor.execute("SELECT * FROM calendars_connection")
        raw = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert USERS["riley"] not in raw
    assert "riley-app" not in raw
    assert "riley" not in raw.replace(url, "")  # the user name is sealed too


def test_a_wrong_password_is_refused_with_a_clear_message_and_nothing_is_stored(
    radicale: Radicale,
    new_calendar: Callable[[str], str],
    sign_in: Callable[[Person], Client],
    report: Person,
) -> None:
    url = new_calendar("riley")
    response = sign_in(report).post(PAGE, {"url": url, "username": "riley", "password": "wrong"})
    assert response.status_code == 400
    assert "refused the user name or password" in response.content.decode()
    assert not Connection.objects.exists()


@pytest.fixture
def website() -> Iterator[str]:
    """A web server that is no calendar: it turns anything but GET away with 403, as many do."""

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        if environ["REQUEST_METHOD"] == "GET":
            start_response("200 OK", [("Content-Type", "text/html")])
            return [b"<html><body>Welcome to our intranet</body></html>"]
        start_response("403 Forbidden", [("Content-Type", "text/html")])
        return [b"<html><body>Forbidden</body></html>"]

    server = make_server("127.0.0.1", 0, app, handler_class=_Quiet)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/calendar/"
    server.shutdown()
    server.server_close()


def test_an_address_that_is_no_calendar_server_is_named_as_such(
    website: str, sign_in: Callable[[Person], Client], report: Person
) -> None:
    response = sign_in(report).post(PAGE, {"url": website, "username": "riley", "password": "x"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "does not answer as a CalDAV server" in page
    assert "user name or password" not in page
    assert not Connection.objects.exists()


def test_an_address_with_a_password_in_it_is_refused_before_anything_is_sent(
    sign_in: Callable[[Person], Client], report: Person
) -> None:
    response = sign_in(report).post(
        PAGE, {"url": "https://riley:secret@cal.example.com/", "username": "r", "password": "p"}
    )
    assert response.status_code == 400
    assert "Leave the user name and password out of the address" in response.content.decode()
    assert not Connection.objects.exists()


def test_an_address_that_does_not_answer_is_refused(
    radicale: Radicale, sign_in: Callable[[Person], Client], report: Person
) -> None:
    silent = f"http://127.0.0.1:{free_port()}/"
    response = sign_in(report).post(PAGE, {"url": silent, "username": "riley", "password": "x"})
    assert response.status_code == 400
    assert "could not be reached" in response.content.decode()
    assert not Connection.objects.exists()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1:5432/", "private network"),
        ("https://169.254.169.254/latest/", "private network"),
        ("https://10.1.2.3/dav/", "private network"),
        ("http://34.120.0.9/dav/", "Use an https:// URL"),
    ],
)
def test_an_address_the_server_must_not_call_is_refused_before_anything_is_sent(
    sign_in: Callable[[Person], Client], report: Person, settings: Any, url: str, reason: str
) -> None:
    settings.OUTBOUND_ALLOW_PRIVATE = False  # production: the server never reaches inward
    response = sign_in(report).post(PAGE, {"url": url, "username": "riley", "password": "x"})
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not Connection.objects.exists()


def test_a_calendar_address_found_inside_is_refused_too(
    radicale: Radicale,
    new_calendar: Callable[[str], str],
    sign_in: Callable[[Person], Client],
    report: Person,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A server that names a calendar on Showup's own network gets no request sent there."""
    from showup.calendars import dav

    url = new_calendar("riley")
    checked: list[str] = []

    def vetted(address: str) -> str:
        checked.append(address)
        if len(checked) > 1:  # the entered address passes; the one discovered does not
            raise dav.CalendarError("That calendar address cannot be used. It is private.")
        return address

    monkeypatch.setattr(dav, "_vetted", vetted)
    monkeypatch.setattr(dav.Remote, "_propfind", lambda self, url: None)  # not a calendar itself
    response = sign_in(report).post(
        PAGE, {"url": url, "username": "riley", "password": USERS["riley"]}
    )
    assert response.status_code == 400
    assert "cannot be used" in response.content.decode()
    assert len(checked) == 2
    assert not Connection.objects.exists()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_without_a_key_set_it_connects_with_the_data_folders_own_key(
    radicale: Radicale,
    new_calendar: Callable[[str], str],
    sign_in: Callable[[Person], Client],
    report: Person,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.CALENDAR_KEYS = []
    settings.HTTPS = True
    settings.CALENDAR_KEY_FILE = tmp_path / "calendar_key"
    url = new_calendar("riley")
    client = sign_in(report)
    response = client.post(PAGE, {"url": url, "username": "riley", "password": USERS["riley"]})
    assert response.status_code == 302
    sealed = Connection.objects.get(person=report).credentials
    opened = Fernet(settings.CALENDAR_KEY_FILE.read_bytes()).decrypt(sealed.encode())
    assert USERS["riley"] in opened.decode()


def test_the_page_shows_when_it_last_synced_and_the_last_error(
    radicale: Radicale,
    new_calendar: Callable[[str], str],
    sign_in: Callable[[Person], Client],
    report: Person,
    django_assert_num_queries: Any,
) -> None:
    connection = connect(report, new_calendar("riley"), "riley")
    Connection.objects.filter(pk=connection.pk).update(
        last_synced_at=timezone.now() - timedelta(hours=1),
        last_attempt_at=timezone.now(),
        last_error="The calendar server could not be reached: ConnectionError.",
        failures=3,
        retry_at=timezone.now() + timedelta(minutes=4),
    )
    client = sign_in(report)
    with django_assert_num_queries(4):  # session, person, connection, questions
        page = client.get(PAGE).content.decode()
    assert "Last synced" in page
    assert "could not be reached: ConnectionError" in page
    assert "3 failures in a row" in page


def test_a_question_is_answered_on_its_page_by_its_owner_only(
    radicale: Radicale,
    new_calendar: Callable[[str], str],
    sign_in: Callable[[Person], Client],
    manager: Person,
    report: Person,
    django_assert_num_queries: Any,
) -> None:
    stranger = PersonFactory.create()
    series = weekly_series(manager, report, first_day=days_ahead(7))
    url = new_calendar("riley")
    connection = sync(connect(report, url, "riley"))
    deleted = Occurrence.objects.filter(series=series).order_by("start")[1]
    edit_in_calendar(radicale, "riley", url, delete_in(deleted))
    sync(connection)
    question = Question.objects.get()
    address = reverse("calendars:question", args=[question.pk])

    for outsider in (stranger, manager):  # the other person of the 1:1 too: it is Riley's calendar
        client = sign_in(outsider)
        assert client.get(address).status_code == 404
        assert client.post(address, {"answer": "cancelled"}).status_code == 404
    client = sign_in(report)
    assert "Removed in your calendar" in client.get(PAGE).content.decode()
    with django_assert_num_queries(3):  # session, person, the question with its 1:1
        page = client.get(address).content.decode()
    assert "1:1 with Max Manager" in page
    refused = client.post(address, {"answer": "calendar"})  # not one of this question's answers
    assert refused.status_code == 409
    assert Question.objects.get().answered_at is None
    assert client.post(address, {"answer": "cancelled"}).status_code == 302
    deleted.refresh_from_db()
    assert (deleted.state, deleted.outcome_by) == (Occurrence.State.CANCELLED, report)
    assert client.get(address).status_code == 404  # answered: no longer open


def test_disconnecting_from_the_page(
    radicale: Radicale,
    new_calendar: Callable[[str], str],
    sign_in: Callable[[Person], Client],
    manager: Person,
    report: Person,
) -> None:
    weekly_series(manager, report, first_day=days_ahead(7))
    url = new_calendar("riley")
    sync(connect(report, url, "riley"))
    assert read_calendars(radicale, "riley", url) != []
    response = sign_in(report).post(reverse("calendars:disconnect"))
    assert response.status_code == 302
    assert read_calendars(radicale, "riley", url) == []
    assert not Connection.objects.exists()


@pytest.mark.parametrize(
    "host",
    [
        "100.64.0.1",  # shared address space (RFC 6598): neither private nor global
        "224.0.0.1",  # multicast, "global" to Python
        "240.0.0.1",
        "0.0.0.0",  # noqa: S104
        "[::ffff:127.0.0.1]",
        "[64:ff9b::7f00:1]",
        "[2002:7f00:1::1]",
        "[ff02::1]",
    ],
)
def test_the_connect_form_refuses_every_inward_address(
    sign_in: Callable[[Person], Client], report: Person, settings: Any, host: str
) -> None:
    settings.OUTBOUND_ALLOW_PRIVATE = False
    response = sign_in(report).post(
        PAGE, {"url": f"https://{host}/dav/", "username": "riley", "password": "x"}
    )
    assert response.status_code == 400
    assert "private network" in response.content.decode()
    assert not Connection.objects.exists()


@pytest.mark.parametrize(
    "host", ["169.254.169.254", "224.0.0.1", "[::ffff:169.254.169.254]", "[fe80::1]"]
)
def test_the_connect_form_refuses_metadata_and_multicast_even_where_private_addresses_are_allowed(
    sign_in: Callable[[Person], Client], report: Person, host: str
) -> None:
    response = sign_in(report).post(
        PAGE, {"url": f"http://{host}/dav/", "username": "riley", "password": "x"}
    )
    assert response.status_code == 400
    assert "private network" in response.content.decode()
    assert not Connection.objects.exists()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", REDIRECTS)
def test_connecting_never_follows_a_redirect_to_a_refused_address(
    redirect_trap: Callable[..., Trap],
    sign_in: Callable[[Person], Client],
    report: Person,
    status: int,
    mode: str,
) -> None:
    trap = redirect_trap(status, mode, name="dav.example.net", path="/dav/")
    response = sign_in(report).post(PAGE, {"url": trap.url, "username": "riley", "password": "x"})
    assert response.status_code == 400
    assert UNREACHABLE in response.content.decode()
    assert len(trap.first.received) == 1
    assert trap.listener.connections == 0
    assert not Connection.objects.exists()


@pytest.fixture
def moved_server(radicale: Radicale) -> Iterator[str]:
    """Radicale behind an address that answers /moved/... with a 301 to the same path without it."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ["PATH_INFO"]
        if path.startswith("/moved/"):
            start_response("301 Moved Permanently", [("Location", path.removeprefix("/moved"))])
            return [b""]
        return radicale.application(environ, start_response)

    server = make_server("127.0.0.1", 0, app, handler_class=_Quiet)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


def test_connecting_follows_a_redirect_the_check_allows(
    moved_server: str,
    new_calendar: Callable[[str], str],
    sign_in: Callable[[Person], Client],
    report: Person,
) -> None:
    path = urlsplit(new_calendar("riley")).path
    entered = f"{moved_server}/moved{path}"
    response = sign_in(report).post(
        PAGE, {"url": entered, "username": "riley", "password": USERS["riley"]}
    )
    assert response.status_code == 302
    assert Connection.objects.get(person=report).calendar_url == entered


def test_a_closed_port_and_a_refused_redirect_read_the_same_on_the_page(
    redirect_trap: Callable[..., Trap], sign_in: Callable[[Person], Client], report: Person
) -> None:
    client = sign_in(report)
    trap = redirect_trap(307, "private allowed", name="", path="/dav/")
    pages = [
        client.post(PAGE, {"url": url, "username": "riley", "password": "x"})
        for url in (trap.url, f"http://127.0.0.1:{free_port()}/dav/")
    ]
    assert [page.status_code for page in pages] == [400, 400]
    messages = [re.findall(r"could not be reached[^<]*", page.content.decode()) for page in pages]
    assert messages[0] == messages[1] == [UNREACHABLE.removeprefix("The calendar server ")]
