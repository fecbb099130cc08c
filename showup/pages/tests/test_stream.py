"""The live stream (pages/stream.py): the state, then each change, for as long as the reader may have it.

Driven through Django's ASGI handler (AsyncClient), with the real watcher
loop reading a real database; the watcher's own queries are counted apart.
"""

import asyncio
import json
import threading
from collections.abc import AsyncIterator, Callable, Coroutine
from datetime import timedelta
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from asgiref.testing import ApplicationCommunicator
from django.contrib.sessions.models import Session
from django.db import connection, connections
from django.test import AsyncClient, Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from showup.agendas.services import talking_point_add
from showup.meetings.models import Occurrence
from showup.pages import stream
from showup.pages.models import Presence
from showup.pages.tests.test_live import upcoming
from showup.people.models import Person
from tests.factories import PersonFactory

__all__ = ["upcoming"]  # the fixture, shared with the live question's tests
pytestmark = pytest.mark.django_db(transaction=True)
# The watcher reads every half second; a slow, shared machine may take longer.
SOON = 5
NOTHING_YET = json.dumps({"stamp": 0, "here": []})


def in_own_thread(work: Callable[[], None]) -> None:
    """A browser test's Playwright keeps an event loop running in the test's thread,
    where neither an event loop nor Django's async_to_sync may start: the work runs
    beside it, and its database connections close with it."""
    failures: list[BaseException] = []

    def closing() -> None:
        try:
            work()
        except BaseException as failure:  # raised again in the test's own thread
            failures.append(failure)
        finally:
            connections.close_all()

    thread = threading.Thread(target=closing)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the work did not finish"
    if failures:
        raise failures[0]


def run(scenario: Callable[[], Coroutine[Any, Any, None]]) -> None:
    async def closing() -> None:
        try:
            await scenario()
        finally:  # the connection of the thread sync_to_async used
            await sync_to_async(connections.close_all)()

    in_own_thread(lambda: asyncio.run(closing()))


async def opened(person: Person, occurrence: Occurrence) -> AsyncIterator[bytes]:
    client = AsyncClient()
    await client.aforce_login(person)
    response = await client.get(reverse("pages:occurrence-live-stream", args=[occurrence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream"
    return aiter(response.streaming_content)  # type: ignore[attr-defined]


async def next_state(events: AsyncIterator[bytes]) -> dict[str, Any]:
    """The next state the stream sends, skipping keep-alive comments."""
    while True:
        chunk = (await asyncio.wait_for(anext(events), timeout=SOON)).decode()
        data = [line[len("data: ") :] for line in chunk.splitlines() if line.startswith("data: ")]
        if data:
            state = json.loads(data[0])
            assert set(state) == {"stamp", "here"}  # a number and names: nothing of the 1:1
            return state


def test_it_sends_the_state_then_each_change_and_never_the_1_1_text(
    upcoming: Occurrence,
) -> None:
    manager, report = upcoming.pair.lead, upcoming.pair.member

    async def scenario() -> None:
        events = await opened(report, upcoming)
        first = await next_state(events)
        assert first["here"] == []
        await sync_to_async(talking_point_add)(
            occurrence=upcoming, author=manager, text="MAX-PRIVATE raise talk", is_private=True
        )
        # Not even "something changed": the report never learns when Max wrote it.
        waiting = asyncio.ensure_future(next_state(events))
        heard, _ = await asyncio.wait({waiting}, timeout=3 * stream.TICK_SECONDS)
        assert not heard
        await sync_to_async(talking_point_add)(
            occurrence=upcoming, author=manager, text="Team offsite", is_private=False
        )
        changed = await waiting
        assert changed["stamp"] > first["stamp"]
        assert "MAX-PRIVATE" not in json.dumps(changed)
        await events.aclose()  # type: ignore[attr-defined]

    run(scenario)


def test_each_sees_the_other_arrive_on_the_1_1(upcoming: Occurrence) -> None:
    manager, report = upcoming.pair.lead, upcoming.pair.member

    async def scenario() -> None:
        managers = await opened(manager, upcoming)
        assert (await next_state(managers))["here"] == []
        reports = await opened(report, upcoming)
        assert (await next_state(reports))["here"] == ["Max Manager"]
        assert (await next_state(managers))["here"] == ["Riley Report"]
        for events in (managers, reports):
            await events.aclose()  # type: ignore[attr-defined]

    run(scenario)


@pytest.mark.parametrize("leaves", ["signs out", "is deactivated", "changes password elsewhere"])
def test_the_stream_ends_when_its_reader_may_no_longer_have_it(
    upcoming: Occurrence, leaves: str
) -> None:
    report = upcoming.pair.member

    def leave() -> None:
        if leaves == "signs out":
            Session.objects.all().delete()
        elif leaves == "is deactivated":
            Person.objects.filter(pk=report.pk).update(is_active=False)
        else:  # the stream's session stays in the table, but Django no longer honours it
            report.set_password("a brand new passphrase")
            report.save(update_fields=["password"])

    async def scenario() -> None:
        events = await opened(report, upcoming)
        await next_state(events)
        stream.WATCHER.noted_at = None  # the sessions are checked on the next turn
        await sync_to_async(leave)()
        with pytest.raises(StopAsyncIteration):
            await next_state(events)

    run(scenario)


def test_no_one_else_gets_a_stream_and_a_wsgi_server_says_to_ask_instead(
    upcoming: Occurrence,
) -> None:
    url = reverse("pages:occurrence-live-stream", args=[upcoming.pk])
    outsider = PersonFactory.create(name="Olga Outsider")

    async def scenario() -> None:
        client = AsyncClient()
        await client.aforce_login(outsider)
        assert (await client.get(url)).status_code == 404
        anonymous = await AsyncClient().get(url)
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith(reverse("accounts:sign-in"))

    run(scenario)

    def under_wsgi() -> None:
        wsgi = Client()
        wsgi.force_login(upcoming.pair.member)
        assert wsgi.get(url).status_code == 404

    in_own_thread(under_wsgi)


def test_one_turn_of_the_watcher_runs_the_same_queries_for_two_pages_or_two_hundred(
    upcoming: Occurrence,
) -> None:
    now = timezone.now()
    session = Session.objects.create(
        session_key="k" * 32, session_data="", expire_date=now + timedelta(days=1)
    )
    report = upcoming.pair.member

    def counted(pages: int, *, note: bool) -> int:
        watches = [
            stream.Watch(
                report.pk,
                session.session_key,
                report.get_session_auth_hash(),
                upcoming.pk,
                sent=NOTHING_YET,
            )
            for _ in range(pages)
        ]
        with CaptureQueriesContext(connection) as queries:
            states = stream._states(watches, now, note)
        assert all(state is not None for state in states)
        # Statements only: SQLite logs the write's BEGIN and COMMIT, PostgreSQL does not.
        return sum(not query["sql"].startswith(("BEGIN", "COMMIT")) for query in queries)

    assert counted(2, note=False) == counted(200, note=False) == 2
    assert counted(2, note=True) == counted(200, note=True) == 5


def test_a_failed_read_is_logged_and_the_next_turn_reads_again(
    upcoming: Occurrence, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    manager, report = upcoming.pair.lead, upcoming.pair.member
    facts, failures = stream.live.live_facts, [0]

    def failing_once(**kwargs: Any) -> Any:
        if not failures[0]:
            failures[0] += 1
            raise ConnectionError("the database restarted")
        return facts(**kwargs)

    monkeypatch.setattr(stream.live, "live_facts", failing_once)

    async def scenario() -> None:
        events = await opened(report, upcoming)
        first = await next_state(events)
        await sync_to_async(talking_point_add)(
            occurrence=upcoming, author=manager, text="After the restart", is_private=False
        )
        assert (await next_state(events))["stamp"] > first["stamp"]
        await events.aclose()  # type: ignore[attr-defined]

    run(scenario)
    assert failures == [1]
    assert "could not read" in caplog.text


def test_another_site_may_not_open_a_reader_s_stream_nor_keep_them_here(
    upcoming: Occurrence, settings: Any
) -> None:
    """Another origin on this host gets the sign-in cookie too: it could keep the
    reader shown as here. Only Showup's pages (BASE_URL) open a stream."""
    settings.BASE_URL, settings.LIVE_URL = "http://showup.test", "http://showup.test:8001"
    report = upcoming.pair.member
    url = reverse("pages:occurrence-live-stream", args=[upcoming.pk])

    async def scenario() -> None:
        client = AsyncClient()
        await client.aforce_login(report)
        refused = await client.get(url, headers={"Origin": "http://showup.test:9999"})
        assert refused.status_code == 403
        assert "Access-Control-Allow-Origin" not in refused
        assert not await Presence.objects.filter(person=report).aexists()
        for origin, allowed in (("http://showup.test", "http://showup.test"), (None, None)):
            headers = {"Origin": origin} if origin else {}
            response = await client.get(url, headers=headers)
            assert response.status_code == 200
            assert response.get("Access-Control-Allow-Origin") == allowed
            events = aiter(response.streaming_content)  # type: ignore[attr-defined]
            await next_state(events)
            await events.aclose()
        assert await Presence.objects.filter(person=report).aexists()

    run(scenario)


def test_a_stream_ends_after_its_lifetime_and_the_page_opens_it_again(
    upcoming: Occurrence, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A connection that died without a word shows its reader as here for no longer."""
    monkeypatch.setattr(stream, "LIFETIME_SECONDS", 0.5)
    report = upcoming.pair.member

    async def scenario() -> None:
        events = await opened(report, upcoming)
        assert "retry" in (await asyncio.wait_for(anext(events), timeout=SOON)).decode()
        with pytest.raises(StopAsyncIteration):
            await asyncio.wait_for(anext(events), timeout=SOON)

    run(scenario)


def test_the_stream_server_serves_the_stream_and_nothing_else(upcoming: Occurrence) -> None:
    from showup.asgi import application, is_stream

    stream_path = reverse("pages:occurrence-live-stream", args=[upcoming.pk])
    assert is_stream(stream_path)
    others = [
        "/",
        reverse("pages:occurrence", args=[upcoming.pk]),
        reverse("pages:occurrence-live", args=[upcoming.pk]),
        reverse("accounts:sign-in"),
        stream_path + "x",
    ]
    assert not any(is_stream(path) for path in others)

    async def scenario() -> None:
        for path in others:
            asked = ApplicationCommunicator(application, http_scope(path))
            await asked.send_input({"type": "http.request", "body": b""})
            start = await asked.receive_output(timeout=SOON)
            assert start["status"] == 404, path

    run(scenario)


def http_scope(path: str) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8001),
    }
