"""Open 1:1 pages doing nothing: what they cost the server, and how soon they hear of a change.

    python -m bench.idle [--people 1000] [--years 2] [--data DIR] [--pages 1000] [--seconds 30]

On the company of bench/pages.py, Showup served as `make run` serves it (the
stream from uvicorn, one process; the pages from gunicorn, 2 sync workers):

1. `--pages` 1:1 pages open their live stream: both people of each pair, each
   on their pair's next 1:1, with their own session, as their browsers would.
2. For `--seconds` nothing happens: the server's CPU (user and system time of
   its processes, from /proc) as a share of one core, and its memory (their
   resident size), beside the same server with no page open.
3. Then changes, one at a time: a point added to a watched 1:1 by its report
   (through the ORM, as any write path does), timed until the manager's stream
   says so: median and p95.
4. For comparison, the same pages asking every second instead (the page's
   fallback without the stream), for the same time: CPU, and how many of the
   questions were answered.

SQLite or PostgreSQL (DATABASE_URL). Results go to bench/results/idle-<vendor>.txt.
"""

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.pages import (
    company_ready,
    free_port,
    listening,
    percentile,
    serve,
    session_cookie,
    setup_django,
)

TICKS = os.sysconf("SC_CLK_TCK")
CHANGES = 20


@dataclass(eq=False)
class Page:
    occurrence: int
    person: int
    member: int  # the pair's report, who writes the changes
    cookie: str
    stamps: list[tuple[float, int]] = field(default_factory=list)  # when each state came


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1_000)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--data", help="a data folder to build in once and reuse")
    parser.add_argument("--pages", type=int, default=1_000)
    parser.add_argument("--seconds", type=float, default=30.0)
    return parser.parse_args()


def server_processes(master: int) -> list[int]:
    """The gunicorn master and its workers."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                children.append(int(entry.name))
    return [master, *children]


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def resident_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


async def cpu_share(pids: list[int], seconds: float) -> float:
    """The server's CPU over `seconds`, as a share of one core."""
    before, started = cpu_seconds(pids), time.perf_counter()
    await asyncio.sleep(seconds)
    return (cpu_seconds(pids) - before) / (time.perf_counter() - started)


def watched_pages(limit: int) -> list[Page]:
    """Both people of as many pairs as it takes, each on their pair's next 1:1."""
    from django.utils import timezone

    from showup.meetings.models import Occurrence

    pages: list[Page] = []
    upcoming = (
        Occurrence.objects.filter(state="scheduled", start__gt=timezone.now())
        .order_by("pair_id", "start")
        .distinct()
        .values_list("pair_id", "pk", "pair__lead_id", "pair__member_id")
    )
    seen: set[int] = set()
    for pair, occurrence, lead, member in upcoming.iterator():
        if pair in seen:
            continue
        seen.add(pair)
        for person in (member, lead):
            pages.append(Page(occurrence, person, member, session_cookie(person)))
        if len(pages) >= limit:
            break
    return pages[:limit]


async def listen(port: int, page: Page, opened: asyncio.Event) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"GET /occurrences/{page.occurrence}/live/stream/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Cookie: {page.cookie}\r\nAccept: text/event-stream\r\n\r\n".encode()
    )
    await writer.drain()
    status = await reader.readline()
    assert b" 200 " in status, status
    while await reader.readline() not in (b"\r\n", b""):
        pass
    try:
        async for line in reader:
            if line.startswith(b"data: "):
                page.stamps.append((time.perf_counter(), json.loads(line[6:])["stamp"]))
                opened.set()
    finally:
        writer.close()


async def ask_every_second(port: int, page: Page, until: float, answered: list[int]) -> None:
    """The page's fallback: the live question every second (gunicorn's sync workers
    close each connection after one answer, so each question opens its own)."""
    path = f"/occurrences/{page.occurrence}/live/"
    etag = ""
    while time.perf_counter() < until:
        asked = time.perf_counter()
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {page.cookie}\r\n"
            f"If-None-Match: {etag}\r\nConnection: close\r\n\r\n".encode()
        )
        await writer.drain()
        answer = await reader.read()
        writer.close()
        head = answer.split(b"\r\n\r\n", 1)[0].decode()
        if " 200 " in head or " 304 " in head:
            answered[0] += 1
        for line in head.splitlines():
            name, _, value = line.partition(":")
            if name.lower() == "etag":
                etag = value.strip()
        await asyncio.sleep(max(0.0, 1.0 - (time.perf_counter() - asked)))


def add_point(page: Page, number: int) -> None:
    from showup.agendas.services import talking_point_add
    from showup.meetings.models import Occurrence
    from showup.people.models import Person

    talking_point_add(
        occurrence=Occurrence.objects.select_related("pair").get(pk=page.occurrence),
        author=Person.objects.get(pk=page.member),
        text=f"Idle bench change {number}",
        is_private=False,
    )


async def heard_after(page: Page, number: int) -> tuple[float, float]:
    """From a write to the manager's 1:1 until the manager's stream brings it: seconds
    from the write's start, and from its commit (the write's own time left out)."""
    await asyncio.sleep(random.uniform(0, 1))  # at any moment of the watcher's turn
    before = len(page.stamps)
    started = time.perf_counter()
    await asyncio.to_thread(add_point, page, number)
    committed = time.perf_counter()
    while len(page.stamps) == before:
        await asyncio.sleep(0.002)
    heard = page.stamps[before][0]
    return heard - started, max(0.0, heard - committed)


async def measure(
    stream: tuple[int, int], web: tuple[int, int], pages: list[Page], arguments: Any
) -> list[str]:
    """`stream` and `web`: each server's port and process id."""
    seconds = arguments.seconds
    pids = server_processes(stream[1])
    quiet_cpu, quiet_mb = await cpu_share(pids, min(seconds, 10.0)), resident_mb(pids)
    listeners = []
    for page in pages:  # one after another, as people arrive
        opened = asyncio.Event()
        listeners.append(asyncio.create_task(listen(stream[0], page, opened)))
        await asyncio.wait_for(opened.wait(), timeout=30)
    await asyncio.sleep(2)  # past the first presence notes
    idle_cpu, idle_mb = await cpu_share(pids, seconds), resident_mb(pids)
    managers = [page for page in pages if page.person != page.member][:CHANGES]
    timed = [await heard_after(page, number) for number, page in enumerate(managers)]
    delays, after_commit = [whole for whole, _ in timed], [rest for _, rest in timed]
    for listener in listeners:
        listener.cancel()
    await asyncio.gather(*listeners, return_exceptions=True)
    answered = [0]
    until = time.perf_counter() + seconds + 2
    askers = [
        asyncio.create_task(ask_every_second(web[0], page, until, answered)) for page in pages
    ]
    await asyncio.sleep(2)
    counted_from = answered[0]
    polling_cpu = await cpu_share(server_processes(web[1]), seconds)
    polled = (answered[0] - counted_from) / seconds
    await asyncio.gather(*askers, return_exceptions=True)
    return [
        f"  stream server, no page open: CPU {quiet_cpu:5.1%} of one core, memory {quiet_mb:4.0f} MB",
        f"  {len(pages)} open 1:1 pages on their streams, idle: CPU {idle_cpu:5.1%} of one "
        f"core, memory {idle_mb:4.0f} MB (+{idle_mb - quiet_mb:3.0f} MB)",
        f"  a change reaches the other person's open page in median "
        f"{statistics.median(delays) * 1000:4.0f} ms, p95 {percentile(delays, 95) * 1000:4.0f} ms "
        f"from the write's start; median {statistics.median(after_commit) * 1000:4.0f} ms, p95 "
        f"{percentile(after_commit, 95) * 1000:4.0f} ms from its commit ({len(delays)} changes)",
        f"  the same pages asking every second instead (gunicorn): CPU {polling_cpu:5.1%} of one "
        f"core; {polled:4.0f} of {len(pages)} questions a second answered",
    ]


def serve_stream(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """The live stream's server, as `make run` starts it."""
    uvicorn = Path(sys.executable).with_name("uvicorn")
    server = subprocess.Popen(
        [
            str(uvicorn),
            "showup.asgi:application",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
            "--timeout-graceful-shutdown",
            "5",
        ],
        env=env,
    )
    return listening(server, port, "the stream server")


def main() -> None:
    arguments = parse_arguments()
    setup_django(arguments.data)
    from django.db import connection

    from showup.agendas.models import TalkingPoint

    company = company_ready(arguments.people, arguments.years)
    pages = watched_pages(arguments.pages)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    stream_port, pages_port = free_port(), free_port()
    servers = [serve_stream(stream_port, env), serve("showup.wsgi", pages_port, env)]
    lines = [
        f"idle: {company.people:,} people, {company.years} years, {connection.vendor}; the stream "
        f"from uvicorn (one process), the pages from gunicorn (2 sync workers); "
        f"{arguments.seconds:.0f} s each"
    ]
    print(lines[0], flush=True)
    try:
        lines += asyncio.run(
            measure((stream_port, servers[0].pid), (pages_port, servers[1].pid), pages, arguments)
        )
        print("\n".join(lines[1:]), flush=True)
    finally:
        TalkingPoint.objects.filter(text__startswith="Idle bench change").delete()
        for server in servers:
            server.terminate()
            server.wait()
    results = Path(__file__).parent / "results" / f"idle-{connection.vendor}.txt"
    with results.open("a") as handle:
        handle.write(time.strftime("%Y-%m-%d %H:%M UTC\n", time.gmtime()))
        handle.write("\n".join(lines) + "\n\n")


if __name__ == "__main__":
    main()
