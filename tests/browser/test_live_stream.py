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
from typing import Any

import pytest
import uvicorn

from showup.pages import stream
from tests.browser.test_one_on_one import occurrence_url, open_as

__all__ = ["occurrence_url", "open_as"]
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SOON = 5_000


class StreamServer:
    """Showup's stream server (showup.asgi, as `make run` serves it) on a port of its own."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        # The live server's own name: a page and its stream on one site (cookies go to both).
        self.url = f"http://localhost:{self.port}"
        self.server: uvicorn.Server | None = None

    def start(self) -> None:
        from showup.asgi import application

        config = uvicorn.Config(
            application, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "the ASGI server did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        if self.server is None:
            return
        # The pages went first (see the tests' fixture order): their streams end, and the
        # watcher, left with none, closes its database connection before the server stops.
        watcher, until = stream.WATCHER, time.monotonic() + 20
        while watcher.task is not None and not watcher.task.done() and time.monotonic() < until:
            time.sleep(0.05)
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def stream_server(transactional_db: None) -> Iterator[StreamServer]:
    server = StreamServer()
    yield server
    server.stop()


@pytest.fixture
def asgi_server(stream_server: StreamServer) -> StreamServer:
    stream_server.start()
    return stream_server


@pytest.fixture
def streamed(asgi_server: StreamServer, live_server: Any, settings: Any) -> StreamServer:
    """Showup's pages on the live server, their stream on the ASGI server."""
    settings.BASE_URL = live_server.url
    settings.LIVE_URL = asgi_server.url
    return asgi_server


def test_each_hears_the_other_on_the_stream_without_asking(
    streamed: StreamServer, open_as: Any, occurrence_url: str
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


def test_a_page_that_fell_back_to_asking_takes_the_stream_once_it_is_back(
    stream_server: StreamServer, live_server: Any, open_as: Any, occurrence_url: str, settings: Any
) -> None:
    """The stream server was down when the page opened (a restart): the page asks, and
    tries the stream again a minute later (here, the minute is made short)."""
    settings.BASE_URL, settings.LIVE_URL = live_server.url, stream_server.url
    report = open_as("riley@example.com", occurrence_url, init_script=SHORT_MINUTE)
    report.locator("[data-live-mode=polling]").wait_for(state="attached", timeout=SOON)
    stream_server.start()
    report.locator("[data-live-mode=stream]").wait_for(state="attached", timeout=SOON)


# The page's one-minute wait before trying its stream again, made a fifth of a second.
SHORT_MINUTE = """
(function () {
  var wait = window.setTimeout;
  window.setTimeout = function (work, delay) {
    return wait(work, delay === 60000 ? 200 : delay);
  };
})();
"""
