"""Showup's kept pages against an honest floor: each page seen again, and a write seen by the other person.

    python -m bench.kept [--people 1000] [--years 2] [--data DIR] [--rounds 5]

On the company of bench/pages.py, Showup (gunicorn, 2 sync workers, production
settings) and beside it bench/page_floor.py (plain WSGI and sqlite3, recomputing
every page with hand-written SQL and building the same markup as strings, on the
same server settings), interleaved round by round:

- each page seen again by the same reader, nothing changed (Showup serves its
  kept body): latency on one connection (median, p99) and throughput on four;
- a write and the other person's next view: the report adds a talking point
  (htmx, with its CSRF token and one-time key), then the manager loads the 1:1
  page, then home; Showup and the floor (which writes the same rows) take turns.
  The points added are taken off again after each loop (not timed).

Byte sizes of both sides are printed so that a reader can judge the likeness;
bench/page_floor.py's docstring says what the floor leaves out. SQLite only.
Results go to bench/results/kept-sqlite.txt.
"""

import argparse
import re
import secrets
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.live import TOKEN, request
from bench.pages import (
    Target,
    company_ready,
    free_port,
    measure,
    percentile,
    serve,
    session_cookie,
    setup_django,
    targets,
)

PAGES = ("1:1 page (manager)", "1:1 page (report)", "home (manager)", "pair page", "history")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1_000)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--data", help="a data folder to build in once and reuse")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--loops", type=int, default=10, help="write-and-view loops per round")
    return parser.parse_args()


def floor_queries(path: str, cookie: str) -> int:
    """How many statements the floor runs for one answer, counted in this process."""
    from bench import live_floor, page_floor

    statements: list[str] = []
    db = live_floor.connection()
    db.set_trace_callback(statements.append)
    environ = {
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "REQUEST_METHOD": "GET",
        "HTTP_COOKIE": cookie,
    }
    try:
        body = b"".join(page_floor.app(environ, lambda status, headers: None))
    finally:
        db.set_trace_callback(None)
    assert body, f"the floor answered nothing for {path}"
    return len(statements)


def size(port: int, path: str, cookie: str) -> int:
    _, status, content, _ = request(port, "GET", path, cookie)
    assert status == 200, (port, path, status)
    return len(content)


def page_line(target: Target, samples: Any, sizes: tuple[int, int], queries: int) -> str:
    median, floor_median = statistics.median(samples.showup), statistics.median(samples.floor)
    rps, floor_rps = statistics.median(samples.showup_rps), statistics.median(samples.floor_rps)
    return (
        f"  {target.label:20} Showup {median:5.1f} ms p99 {percentile(samples.showup, 99):5.1f} "
        f"{rps:5.0f}/s | floor {floor_median:5.1f} ms p99 {percentile(samples.floor, 99):5.1f} "
        f"{floor_rps:5.0f}/s {queries:2} queries | {rps / floor_rps:4.0%} of the floor | "
        f"{sizes[0] / 1024:5.1f} KB vs {sizes[1] / 1024:5.1f} KB"
    )


@dataclass
class Loop:
    """The report's write and the manager's next views, as one of the two servers answers them."""

    port: int
    write: list[float]
    page: list[float]
    home: list[float]

    def total(self) -> float:
        return sum(statistics.median(steps) for steps in (self.write, self.page, self.home))


def writes_seen(
    ports: tuple[int, int], occurrence: int, cookies: tuple[str, str], rounds: int, count: int
) -> list[str]:
    """The report adds a point; the manager loads the 1:1 page, then home. Showup and the floor take turns."""
    from showup.agendas.models import TalkingPoint
    from showup.history.models import SearchEntry

    report, manager = cookies
    page, add = f"/occurrences/{occurrence}/", f"/occurrences/{occurrence}/points/"
    _, _, html, headers = request(ports[0], "GET", page, report)
    token = TOKEN.search(html.decode())
    assert token is not None
    csrf = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", ""))
    report_cookie = report + (f"; csrftoken={csrf.group(1)}" if csrf else "")
    loops = {port: Loop(port, [], [], []) for port in ports}
    for round_number in range(rounds):
        for port in ports if round_number % 2 == 0 else reversed(ports):
            for number in range(count):
                body = (
                    f"text=Point+{number}+{secrets.token_hex(3)}&once={secrets.token_urlsafe(24)}"
                    f"&csrfmiddlewaretoken={token.group(1)}"
                )
                elapsed, status, content, _ = request(
                    port, "POST", add, report_cookie, body=body,
                    headers={"HX-Request": "true", "Referer": f"http://127.0.0.1{page}"},
                )  # fmt: skip
                assert status == 200, (port, status, content[:200])
                loops[port].write.append(elapsed)
                for path, timed in ((page, loops[port].page), ("/", loops[port].home)):
                    elapsed, status, _, _ = request(port, "GET", path, manager)
                    assert status == 200, (port, path, status)
                    timed.append(elapsed)
                # Off again, untimed, with its search entry: every loop sees the 1:1's own agenda.
                added = TalkingPoint.objects.filter(
                    occurrence_id=occurrence, text__startswith="Point "
                )
                SearchEntry.objects.filter(
                    kind="point", object_id__in=list(added.values_list("pk", flat=True))
                ).delete()
                added.delete()
    showup, floor = loops[ports[0]], loops[ports[1]]

    def steps(loop: Loop) -> str:
        return (
            f"write {statistics.median(loop.write):5.1f} + 1:1 page {statistics.median(loop.page):5.1f}"
            f" + home {statistics.median(loop.home):5.1f} = {loop.total():5.1f} ms"
        )

    return [
        f"  write and the other's view, Showup: {steps(showup)} (p99 of the page "
        f"{percentile(showup.page, 99):5.1f} ms)",
        f"  write and the other's view, floor:  {steps(floor)} (p99 of the page "
        f"{percentile(floor.page, 99):5.1f} ms)",
        f"  one client loops at {floor.total() / showup.total():4.0%} of the floor's rate",
    ]


def main() -> None:
    arguments = parse_arguments()
    setup_django(arguments.data)
    import os

    from django.conf import settings
    from django.db import connection

    from showup.agendas.models import TalkingPoint
    from showup.history.models import SearchEntry

    if connection.vendor != "sqlite":
        raise SystemExit("The floor speaks sqlite3: run on SQLite.")
    company = company_ready(arguments.people, arguments.years)
    chosen = [target for target in targets(company) if target.label in PAGES]
    occurrence = int(chosen[0].path.strip("/").split("/")[1])
    cookies = {target.reader: session_cookie(target.reader) for target in chosen}
    env = {
        **os.environ,
        "SHOWUP_FLOOR_DATABASE": str(settings.DATABASES["default"]["NAME"]),
        "SHOWUP_FLOOR_STATIC": str(settings.STATIC_ROOT),
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
    }
    os.environ.update(env)  # the floor is also asked here, for its query counts
    ports = (free_port(), free_port())
    servers = [serve("showup.wsgi", ports[0], env), serve("bench.page_floor:app", ports[1], env)]
    lines = [
        f"kept: {company.people:,} people, {company.years} years, sqlite; gunicorn 2 sync workers "
        f"each; {arguments.rounds} rounds, interleaved; floor = bench/page_floor.py"
    ]
    print(lines[0], flush=True)
    first_new = (
        TalkingPoint.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ) + 1
    try:
        for target in chosen:
            cookie = cookies[target.reader]
            sizes = (size(ports[0], target.path, cookie), size(ports[1], target.path, cookie))
            samples = measure(target, target.path, cookie, ports, arguments.rounds)
            lines.append(page_line(target, samples, sizes, floor_queries(target.path, cookie)))
            print(lines[-1], flush=True)
        pair = (cookies[company.report_id], cookies[company.manager_id])
        lines += writes_seen(ports, occurrence, pair, arguments.rounds, arguments.loops)
        print("\n".join(lines[-3:]), flush=True)
    finally:
        # The loop's own points go again, with their search entries, so the next run measures the same agenda.
        added = TalkingPoint.objects.filter(pk__gte=first_new, occurrence_id=occurrence)
        SearchEntry.objects.filter(
            kind="point", object_id__in=list(added.values_list("pk", flat=True))
        ).delete()
        added.delete()
        for server in servers:
            server.terminate()
            server.wait()
    results = Path(__file__).parent / "results" / "kept-sqlite.txt"
    with results.open("a") as handle:
        handle.write(time.strftime("%Y-%m-%d %H:%M UTC\n", time.gmtime()))
        handle.write("\n".join(lines) + "\n\n")


if __name__ == "__main__":
    main()
