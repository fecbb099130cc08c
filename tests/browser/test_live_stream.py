"""Two browsers on one 1:1 page, each hearing the other on the live stream, as `make run` serves it.

The pages come from pytest-django's live server (WSGI, like gunicorn); the
stream from uvicorn on an origin of its own (settings.LIVE_URL), in a thread
of the test process, on the test database. The other browser tests have no
stream server, so their pages fall back to asking every second.
"""

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import uvicorn
from django.core.asgi import get_asgi_application

from showup.pages import stream
from tests.browser.test_one_on_one import occurrence_url, open_as

__all__ = ["occurrence_url", "open_as"]
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SOON = 5_000


@dataclass(frozen=True)
class Served:
    url: str


@pytest.fixture
def asgi_server(transactional_db: None) -> Iterator[Served]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        get_asgi_application(), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the ASGI server did not start"
        time.sleep(0.05)
    # The live server's own name: a page and its stream on one site (cookies go to both).
    yield Served(f"http://localhost:{port}")
    # The pages went first (see the test's fixture order): their streams end, and the
    # watcher, left with none, closes its database connection before the server stops.
    watcher, until = stream.WATCHER, time.monotonic() + 20
    while watcher.task is not None and not watcher.task.done() and time.monotonic() < until:
        time.sleep(0.05)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def streamed(asgi_server: Served, live_server: Any, settings: Any) -> Served:
    """Showup's pages on the live server, their stream on the ASGI server."""
    settings.BASE_URL = live_server.url
    settings.LIVE_URL = asgi_server.url
    return asgi_server


def test_each_hears_the_other_on_the_stream_without_asking(
    streamed: Served, open_as: Any, occurrence_url: str
) -> None:
    report = open_as("riley@example.com", occurrence_url)
    manager = open_as("max@example.com", occurrence_url)
    for page in (report, manager):
        page.locator("[data-live-mode=stream]").wait_for(state="attached", timeout=SOON)
    asked: list[str] = []
    manager.on("request", lambda request: asked.append(request.url))
    manager.get_by_text("Riley Report has this 1:1 open too.").wait_for(timeout=SOON)

    report.get_by_label("New talking point").fill("Can I lead the next launch?")
    report.get_by_role("button", name="Add", exact=True).first.click()
    manager.get_by_text("Can I lead the next launch?").wait_for(timeout=SOON)
    manager.get_by_label("Discussed: Can I lead the next launch?").check()
    report.locator(".point.is-discussed").wait_for(timeout=SOON)
    # The manager's page fetched the agenda once it heard; it never asked the live question.
    assert not [url for url in asked if url.endswith("/live/")]
    assert [url for url in asked if url.endswith("/agenda/")]


def test_without_a_stream_server_the_page_asks_every_second_instead(
    open_as: Any, occurrence_url: str, settings: Any
) -> None:
    settings.LIVE_URL = "http://127.0.0.1:9"  # nothing listens there
    report = open_as("riley@example.com", occurrence_url)
    manager = open_as("max@example.com", occurrence_url)
    report.locator("[data-live-mode=polling]").wait_for(state="attached", timeout=SOON)
    report.get_by_label("New talking point").fill("Training budget")
    report.get_by_role("button", name="Add", exact=True).first.click()
    manager.get_by_text("Training budget").wait_for(timeout=SOON)
