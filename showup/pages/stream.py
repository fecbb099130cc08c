"""The open 1:1 page's live channel: an event whenever the pair's stamp or who is here changes.

Server-sent events, served by the ASGI server (showup/asgi.py). Each server
process runs one `Watcher` for all the pages open on it: every half second it
reads, in two queries, the stamps of the 1:1s being watched and who is on
them, and hands each page its state when that changed; every ten seconds it
notes all its readers' presence in one write. An idle page costs no query and
no request of its own, only its open connection.

What travels is what the live question answers (pages/live.py): the pair's
stamp and the others' names, never 1:1 content. The page fetches what
changed through the views that read it for this reader. Several processes
or servers each watch the one database, so no sticky sessions are needed.
"""

import asyncio
import contextvars
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime

from asgiref.sync import sync_to_async
from django.db import connection
from django.utils import timezone

from showup.pages import live

logger = logging.getLogger(__name__)
# A page's state: its pair's stamp, and the names of the others on the 1:1, sorted.
Facts = tuple[int, tuple[str, ...]]
# How often the watcher reads the stamps: the other person sees a change within this.
TICK_SECONDS = 0.5
# A comment line now and then keeps proxies and browsers from closing an idle stream.
KEEP_ALIVE_SECONDS = 20
# A dropped stream comes back after this long (the browser's EventSource retries).
RETRY_MS = 1000
# A connection can die without a word (a laptop lid closed, a network gone): its
# reader would show as here until TCP gives up, many minutes later. Each stream
# ends after this long and the browser opens it again at once, so a reader who
# left shows as here for at most this, and live.GONE_AFTER, longer.
LIFETIME_SECONDS = 120


@dataclass(eq=False)
class Watch:
    """One open page: whose, which 1:1, and the state it was last sent."""

    reader_id: int
    session_key: str
    session_hash: str  # the reader's session hash when the stream opened
    occurrence_id: int
    sent: str
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    # The stamp and names `sent` was built from: compared each turn, cheaper than JSON.
    facts: Facts = field(init=False)
    # The reader may no longer read the 1:1, or signed out: the stream ends.
    ended: bool = False

    def __post_init__(self) -> None:
        state = json.loads(self.sent)
        self.facts = (state["stamp"], tuple(state["here"]))


class Watcher:
    """The one loop per process that reads the stamps for every open page."""

    def __init__(self) -> None:
        self.watches: set[Watch] = set()
        self.task: asyncio.Task[None] | None = None
        self.noted_at: datetime | None = None

    def add(self, watch: Watch) -> None:
        self.watches.add(watch)
        loop = asyncio.get_running_loop()
        if self.task is None or self.task.done() or self.task.get_loop() is not loop:
            # Not in the context of the request that happened to start it: its
            # reads go to the process's one thread for such work, not to that
            # request's thread (which Django ends with the request).
            self.task = loop.create_task(self._run(), context=contextvars.Context())

    def remove(self, watch: Watch) -> None:
        self.watches.discard(watch)

    async def _run(self) -> None:
        while True:
            while self.watches:
                await asyncio.sleep(TICK_SECONDS)
                try:
                    await self.tick(timezone.now())
                except Exception:  # said; a fresh connection reads on the next turn
                    logger.exception("The live watcher could not read; it tries again.")
                    await sync_to_async(_close_connection)()
                    await asyncio.sleep(TICK_SECONDS)
            # No page open: the connection its reads used is not kept for the next one.
            await sync_to_async(_close_connection)()
            if not self.watches:  # a page that came meanwhile is watched by this same loop
                return

    async def tick(self, now: datetime) -> None:
        watches = list(self.watches)
        if not watches:
            return
        note = self.noted_at is None or now - self.noted_at >= live.NOTED_EVERY
        states = await sync_to_async(_states)(watches, now, note)
        if note:
            self.noted_at = now
        for watch, facts in zip(watches, states, strict=True):
            if facts is None:
                watch.ended = True
                watch.changed.set()
            elif facts != watch.facts:
                watch.facts = facts
                watch.sent = live.state_body(stamp=facts[0], here=facts[1])
                watch.changed.set()


def _close_connection() -> None:
    """In the thread the reads ran in (`connection` is that thread's own)."""
    connection.close()


def _states(watches: list[Watch], now: datetime, note: bool) -> list[Facts | None]:
    """Each page's stamp and others present, or None for a page whose reader may no longer have it."""
    facts = live.live_facts(occurrence_ids={watch.occurrence_id for watch in watches}, now=now)
    readers = [
        watch for watch in watches if watch.reader_id in facts.parties.get(watch.occurrence_id, ())
    ]
    if note:  # the sessions are checked as often as presence is noted
        alive = live.sessions_alive(keys={watch.session_key for watch in readers}, now=now)
        hashes = live.session_hashes(person_ids={watch.reader_id for watch in readers})
        readers = [
            watch
            for watch in readers
            if watch.session_key in alive and hashes.get(watch.reader_id) == watch.session_hash
        ]
        live.presences_note(
            readers={(watch.occurrence_id, watch.reader_id) for watch in readers}, now=now
        )
    kept = set(readers)
    return [
        (
            facts.stamps[watch.occurrence_id],
            tuple(
                sorted(
                    name
                    for who, name in facts.present.get(watch.occurrence_id, [])
                    if who != watch.reader_id
                )
            ),
        )
        if watch in kept
        else None
        for watch in watches
    ]


WATCHER = Watcher()


async def live_events(
    *, reader_id: int, session_key: str, session_hash: str, occurrence_id: int, first: str
) -> AsyncIterator[str]:
    """The page's state now, then again each time it changes, until the page goes."""
    watch = Watch(reader_id, session_key, session_hash, occurrence_id, sent=first)
    WATCHER.add(watch)
    clock = asyncio.get_running_loop().time
    ends_at = clock() + LIFETIME_SECONDS
    try:
        yield f"retry: {RETRY_MS}\ndata: {first}\n\n"
        while not watch.ended and clock() < ends_at:
            wait = min(KEEP_ALIVE_SECONDS, ends_at - clock())
            try:
                await asyncio.wait_for(watch.changed.wait(), timeout=wait)
            except TimeoutError:
                if clock() < ends_at:
                    yield ": still here\n\n"
                continue
            watch.changed.clear()
            if not watch.ended:
                yield f"data: {watch.sent}\n\n"
    finally:
        WATCHER.remove(watch)
