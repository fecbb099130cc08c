"""The live 1:1 measured: the question an open page asks every second, and the write loop.

    python -m bench.live [--people 1000] [--years 2] [--data DIR] [--rounds 5]

On the company of bench/pages.py, served by gunicorn (2 sync workers):

- the live question (`GET /occurrences/<id>/live/`) as a page asks it while
  nothing changed (a 304), beside a hand-written floor (bench/live_floor.py:
  plain WSGI and sqlite3 doing the same work), interleaved: latency on one
  connection, throughput on four;
- the live loop: the report adds a point (htmx), then the manager's page
  learns of it (the live question, now a 200) and fetches its agenda part,
  on Showup and on the floor (which writes the same rows and builds the same
  markup by hand), taking turns; and the old loop, the same write followed by
  the manager loading the whole 1:1 page (Showup only). Medians of each step,
  and the bytes.

SQLite only: the floor speaks sqlite3. Results go to bench/results/live-sqlite.txt.
"""

import argparse
import http.client
import re
import secrets
import statistics
import threading
import time
from pathlib import Path

from bench.pages import (
    CLIENTS,
    THROUGHPUT_SECONDS,
    company_ready,
    free_port,
    percentile,
    serve,
    session_cookie,
    setup_django,
)

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1_000)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--data", help="a data folder to build in once and reuse")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--loops", type=int, default=20, help="live loops per round")
    return parser.parse_args()


def request(
    port: int,
    method: str,
    path: str,
    cookie: str,
    *,
    body: str = "",
    headers: dict[str, str] | None = None,
) -> tuple[float, int, bytes, dict[str, str]]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    sent = {"Cookie": cookie, "Host": "127.0.0.1", **(headers or {})}
    if body:
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body or None, headers=sent)
    response = connection.getresponse()
    content = response.read()
    connection.close()
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed, response.status, content, dict(response.getheaders())


def etag_of(port: int, path: str, cookie: str) -> str:
    _, status, _, headers = request(port, "GET", path, cookie)
    assert status == 200, status
    return headers["ETag"]


def polls(ports: tuple[int, int], path: str, cookie: str, rounds: int) -> list[str]:
    """The live question while nothing changes, Showup and the floor interleaved."""
    samples: dict[int, list[float]] = {port: [] for port in ports}
    rates: dict[int, list[float]] = {port: [] for port in ports}
    for round_number in range(rounds):
        for port in ports:
            etag = etag_of(port, path, cookie)
            for _ in range(30):
                elapsed, status, _, _ = request(
                    port, "GET", path, cookie, headers={"If-None-Match": etag}
                )
                assert status == 304, (port, status)
                samples[port].append(elapsed)
        for port in ports if round_number % 2 == 0 else reversed(ports):
            rates[port].append(throughput(port, path, cookie, etag_of(port, path, cookie)))
    showup, floor = ports
    rps, floor_rps = statistics.median(rates[showup]), statistics.median(rates[floor])
    return [
        f"  live question, nothing changed (304): median {statistics.median(samples[showup]):5.2f} ms "
        f"(floor {statistics.median(samples[floor]):5.2f}), p99 {percentile(samples[showup], 99):5.2f} ms "
        f"(floor {percentile(samples[floor], 99):5.2f}); {rps:5.0f} req/s = {rps / floor_rps:4.0%} of the floor's {floor_rps:5.0f}"
    ]


def throughput(port: int, path: str, cookie: str, etag: str) -> float:
    done = [0] * CLIENTS
    deadline = time.perf_counter() + THROUGHPUT_SECONDS

    def client(index: int) -> None:
        while time.perf_counter() < deadline:
            request(port, "GET", path, cookie, headers={"If-None-Match": etag})
            done[index] += 1

    threads = [threading.Thread(target=client, args=(index,)) for index in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / THROUGHPUT_SECONDS


def loops(
    ports: tuple[int, int], occurrence: int, cookies: tuple[str, str], rounds: int, count: int
) -> list[str]:
    """The report writes; the manager's page learns of it and fetches what changed.

    Showup and the floor take turns, round by round. Each point added is taken
    off again (not timed), so every loop sees the agenda the 1:1 really has.
    """
    from showup.agendas.models import TalkingPoint

    report, manager = cookies
    page = f"/occurrences/{occurrence}/"
    live, agenda, add = f"{page}live/", f"{page}agenda/", f"{page}points/"
    _, _, html, headers = request(ports[0], "GET", page, report)
    token = TOKEN.search(html.decode())
    assert token is not None
    csrf = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", ""))
    report_cookie = report + (f"; csrftoken={csrf.group(1)}" if csrf else "")
    steps: dict[int, dict[str, list[float]]] = {
        port: {"write": [], "live": [], "part": [], "page": []} for port in ports
    }
    sizes: dict[tuple[int, str], int] = {}
    for round_number in range(rounds):
        for port in ports if round_number % 2 == 0 else reversed(ports):
            for number in range(count):
                body = f"text=Point+{number}+{secrets.token_hex(3)}&once={secrets.token_urlsafe(24)}&csrfmiddlewaretoken={token.group(1)}"
                timed = steps[port]
                elapsed, status, content, _ = request(
                    port,
                    "POST",
                    add,
                    report_cookie,
                    body=body,
                    headers={"HX-Request": "true", "Referer": f"http://127.0.0.1{page}"},
                )
                assert status == 200, (status, content[:200])
                timed["write"].append(elapsed)
                sizes[port, "write"] = len(content)
                elapsed, status, content, _ = request(port, "GET", live, manager)
                assert status == 200, (port, status)
                timed["live"].append(elapsed)
                elapsed, status, content, _ = request(
                    port, "GET", agenda, manager, headers={"HX-Request": "true"}
                )
                timed["part"].append(elapsed)
                sizes[port, "part"] = len(content)
                if port == ports[0]:  # the old way, a reload: Showup only
                    elapsed, status, content, _ = request(port, "GET", page, manager)
                    timed["page"].append(elapsed)
                    sizes[port, "page"] = len(content)
                TalkingPoint.objects.filter(
                    occurrence_id=occurrence, text__startswith="Point "
                ).delete()
    showup, floor = ports
    median = {
        port: {name: statistics.median(values) for name, values in steps[port].items() if values}
        for port in ports
    }

    def loop(port: int) -> float:
        return median[port]["write"] + median[port]["live"] + median[port]["part"]

    def step(name: str) -> str:
        return (
            f"{name} {median[showup][name]:5.1f} ms ({sizes[showup, name] / 1024:4.1f} KB; "
            f"floor {median[floor][name]:4.1f} ms, {sizes[floor, name] / 1024:4.1f} KB)"
        )

    def streamed(port: int) -> float:  # the page hears on its stream (bench/idle.py): no question
        return median[port]["write"] + median[port]["part"]

    return [
        f"  live loop: {step('write')} + live question {median[showup]['live']:4.1f} ms "
        f"(floor {median[floor]['live']:4.1f}) + agenda {step('part')}",
        f"  live loop, asking: {loop(showup):5.1f} ms, floor {loop(floor):4.1f} ms: one client loops at "
        f"{loop(floor) / loop(showup):4.0%} of the floor's rate; on the stream (write + part): "
        f"{streamed(showup):5.1f} ms, floor {streamed(floor):4.1f} ms: "
        f"{streamed(floor) / streamed(showup):4.0%}",
        f"  old loop: write {median[showup]['write']:5.1f} ms + whole 1:1 page {median[showup]['page']:5.1f} ms "
        f"({sizes[showup, 'page'] / 1024:4.1f} KB) = {median[showup]['write'] + median[showup]['page']:5.1f} ms",
    ]


def main() -> None:
    arguments = parse_arguments()
    setup_django(arguments.data)
    import os

    from django.conf import settings
    from django.db import connection

    from showup.agendas.models import TalkingPoint
    from showup.meetings.models import Occurrence

    if connection.vendor != "sqlite":
        raise SystemExit("The floor speaks sqlite3: run on SQLite.")
    company = company_ready(arguments.people, arguments.years)
    occurrence = (
        Occurrence.objects.filter(pair_id=company.pair_id, state="scheduled")
        .order_by("start")
        .values_list("pk", flat=True)
        .first()
    )
    assert occurrence is not None
    cookies = (session_cookie(company.report_id), session_cookie(company.manager_id))
    env = {
        **os.environ,
        "SHOWUP_FLOOR_DATABASE": str(settings.DATABASES["default"]["NAME"]),
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
    }
    ports = (free_port(), free_port())
    servers = [serve("showup.wsgi", ports[0], env), serve("bench.live_floor:app", ports[1], env)]
    lines = [
        f"live: {company.people:,} people, {company.years} years, sqlite; gunicorn 2 sync workers each"
    ]
    print(lines[0], flush=True)
    first_new = 0
    try:
        path = f"/occurrences/{occurrence}/live/"
        lines += polls(ports, path, cookies[1], arguments.rounds)
        print(lines[-1], flush=True)
        first_new = (
            TalkingPoint.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 1
        lines += loops(ports, occurrence, cookies, arguments.rounds, arguments.loops)
        print("\n".join(lines[-3:]), flush=True)
    finally:
        # The loop's own points go again, so the next run measures the same agenda.
        TalkingPoint.objects.filter(pk__gte=first_new, occurrence_id=occurrence).delete()
        for server in servers:
            server.terminate()
            server.wait()
    results = Path(__file__).parent / "results" / "live-sqlite.txt"
    with results.open("a") as handle:
        handle.write(time.strftime("%Y-%m-%d %H:%M UTC\n", time.gmtime()))
        handle.write("\n".join(lines) + "\n\n")


if __name__ == "__main__":
    main()
