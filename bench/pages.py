"""Showup's pages served by the production server, side by side with a raw floor.

    python -m bench.pages [--people 1000] [--years 2] [--data DIR] [--rounds 5]

Builds a company (bench/company.py) in a scratch SQLite folder, or in the
database DATABASE_URL names (which must be a scratch one), unless `--data`
(or DATABASE_URL) already holds one: a big company is built once and measured
many times. Then it serves Showup with gunicorn (2 sync workers, production
settings) and, beside it, the raw floor (bench/floor.py) that runs each page's
own SQL with the plain driver and answers the same bytes, and measures both
in one run, interleaved, over several rounds:

- latency on one connection: median and p99;
- throughput on four connections: requests per second;

and prints each page's figures with the ratio to the floor. Results are
appended to bench/results/pages-<vendor>.txt.
"""

import argparse
import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WORKERS = 2
CLIENTS = 4
LATENCY_REQUESTS = 30
THROUGHPUT_SECONDS = 2.0
SKIPPED_SQL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


@dataclass(frozen=True)
class Target:
    label: str
    path: str
    reader: int


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1_000)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--data", help="a data folder to build in once and reuse (SQLite)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", help="measure only pages whose label contains this")
    return parser.parse_args()


def setup_django(data: str | None) -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ["SHOWUP_DATA_DIR"] = data or tempfile.mkdtemp(prefix="showup-bench-")
    os.environ.setdefault("SHOWUP_SECRET_KEY", "bench-" + secrets.token_urlsafe(40))
    os.environ.update(SHOWUP_DEBUG="false", SHOWUP_HTTPS="false", SHOWUP_ALLOWED_HOSTS="127.0.0.1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showup.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def company_marker() -> Path:
    """Where the built company is described: beside the SQLite file, or in /tmp per PostgreSQL database."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        return Path(database["NAME"]).parent / "bench-company.json"
    return Path(tempfile.gettempdir()) / f"showup-bench-{database['NAME']}.json"


def company_ready(people: int, years: int) -> Any:
    """The company in the database: built now unless a previous run left one."""
    from django.core.management import call_command

    from bench.company import Company, build_company, describe
    from showup.people.models import Person

    marker = company_marker()
    existing = Person.objects.filter(email="admin@bench.example").first()
    if existing and marker.exists():
        company = Company(**json.loads(marker.read_text()))
        print(f"Reusing the company built before: {describe(company)}")
        return company
    if existing:
        sys.exit("The database holds a company this benchmark did not record; use a fresh one.")
    started = time.perf_counter()
    company = build_company(people=people, years=years)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Built in {time.perf_counter() - started:.0f} s: {describe(company)}")
    marker.write_text(json.dumps(company.__dict__))
    return company


def targets(company: Any) -> list[Target]:
    from showup.meetings.models import Occurrence

    upcoming = (
        Occurrence.objects.filter(pair_id=company.pair_id, state="scheduled")
        .order_by("start")
        .values_list("pk", flat=True)
        .first()
    )
    return [
        Target("1:1 page (manager)", f"/occurrences/{upcoming}/", company.manager_id),
        Target("1:1 page (report)", f"/occurrences/{upcoming}/", company.report_id),
        Target("home (manager)", "/", company.manager_id),
        Target("pair page", f"/pairs/{company.pair_id}/", company.manager_id),
        Target("history", f"/pairs/{company.pair_id}/history/", company.manager_id),
        Target("team insights", "/insights/", company.manager_id),
        Target("org insights (director)", "/insights/org/", company.director_id),
        Target("org insights (admin)", "/insights/org/", company.admin_id),
        Target("search, common word", "/search/?q=career", company.manager_id),
        Target("search, rare word", "/search/?q=kayak", company.manager_id),
        Target("ICS feed", "", company.manager_id),
    ]


def session_cookie(person_id: int) -> str:
    """A signed-in session for `person_id`, made as the sign-in page would."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from showup.people.models import Person

    person = Person.objects.get(pk=person_id)
    session = SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = "showup.accounts.backends.EmailBackend"
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    session.create()
    return f"sessionid={session.session_key}"


def feed_path(person_id: int) -> str:
    from showup.meetings.feeds import feed_token_issue
    from showup.people.models import Person

    token = feed_token_issue(person=Person.objects.get(pk=person_id))
    return f"/calendar/feed/{token}.ics"


def record(target: Target, cookie: str) -> dict[str, Any]:
    """The SQL Showup runs to build the page from nothing, and the bytes it answers.

    The floor replays that SQL: all the rows the page shows, read with the
    plain driver. Showup itself serves most requests from kept fragments with
    fewer queries (`warm`); both counts are reported.
    """
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_COOKIE=cookie, HTTP_HOST="127.0.0.1")
    client.get(target.path)  # the first request of a process fills caches of its own
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        response = client.get(target.path)
    with CaptureQueriesContext(connection) as warm:
        client.get(target.path)
    if response.status_code != 200:
        raise SystemExit(f"{target.label}: {target.path} answered {response.status_code}")
    sql = [
        query["sql"] for query in cold.captured_queries if not query["sql"].startswith(SKIPPED_SQL)
    ]
    return {
        "sql": sql,
        "body": response.content.decode(),
        "content_type": response["Content-Type"],
        "queries": f"{len(cold.captured_queries)}/{len(warm.captured_queries)}",
        "bytes": len(response.content),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(app: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            app,
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    return listening(server, port, app)


def listening(server: subprocess.Popen[bytes], port: int, name: str) -> subprocess.Popen[bytes]:
    """The server, once its port takes connections."""
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{name} did not start")


def fetch(port: int, path: str, cookie: str) -> float:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        raise SystemExit(f"{path} on port {port} answered {response.status}")
    return (time.perf_counter() - started) * 1000


def throughput(port: int, path: str, cookie: str) -> float:
    """Requests per second from CLIENTS connections for THROUGHPUT_SECONDS."""
    done = [0] * CLIENTS
    deadline = time.perf_counter() + THROUGHPUT_SECONDS

    def client(index: int) -> None:
        while time.perf_counter() < deadline:
            fetch(port, path, cookie)
            done[index] += 1

    threads = [threading.Thread(target=client, args=(index,)) for index in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / THROUGHPUT_SECONDS


@dataclass
class Samples:
    showup: list[float]
    floor: list[float]
    showup_rps: list[float]
    floor_rps: list[float]


def measure(
    target: Target, path: str, cookie: str, ports: tuple[int, int], rounds: int
) -> Samples:
    showup, floor = ports
    samples = Samples([], [], [], [])
    # Each worker process's first requests load templates and fill its own caches: not measured.
    for _ in range(WORKERS * 3):
        fetch(showup, path, cookie)
        fetch(floor, path, cookie)
    for round_number in range(rounds):
        for _ in range(LATENCY_REQUESTS):
            samples.showup.append(fetch(showup, path, cookie))
            samples.floor.append(fetch(floor, path, cookie))
        order: list[tuple[int, list[float]]] = [
            (showup, samples.showup_rps),
            (floor, samples.floor_rps),
        ]
        for port, results in order if round_number % 2 == 0 else reversed(order):
            results.append(throughput(port, path, cookie))
    return samples


def percentile(values: list[float], which: int) -> float:
    return statistics.quantiles(values, n=100)[which - 1]


def report_line(target: Target, page: dict[str, Any], samples: Samples) -> str:
    median, floor_median = statistics.median(samples.showup), statistics.median(samples.floor)
    rps, floor_rps = statistics.median(samples.showup_rps), statistics.median(samples.floor_rps)
    return (
        f"  {target.label:26} median {median:6.1f} ms (floor {floor_median:5.1f})  "
        f"p95 {percentile(samples.showup, 95):6.1f}  p99 {percentile(samples.showup, 99):6.1f} ms (floor {percentile(samples.floor, 99):5.1f})  "
        f"{rps:6.0f} req/s = {rps / floor_rps:4.0%} of floor {floor_rps:5.0f}  "
        f"{page['queries']:>5} queries cold/warm  {page['bytes'] / 1024:6.1f} KB"
    )


def main() -> None:
    arguments = parse_arguments()
    setup_django(arguments.data)
    from django.conf import settings
    from django.db import connection

    company = company_ready(arguments.people, arguments.years)
    chosen = [
        target
        for target in targets(company)
        if not arguments.only or arguments.only in target.label
    ]
    cookies = {target.reader: session_cookie(target.reader) for target in chosen}
    paths = {target.label: target.path or feed_path(target.reader) for target in chosen}
    pages = {}
    for target in chosen:
        pages[paths[target.label]] = record(
            Target(target.label, paths[target.label], target.reader), cookies[target.reader]
        )
    spec_file = Path(tempfile.mkdtemp(prefix="showup-floor-")) / "spec.json"
    spec_file.write_text(
        json.dumps(
            {
                "vendor": connection.vendor,
                "database": os.environ.get("DATABASE_URL")
                or str(settings.DATABASES["default"]["NAME"]),
                "pragmas": settings.SQLITE_PRAGMAS,
                "pages": pages,
            }
        )
    )
    env = {
        **os.environ,
        "SHOWUP_FLOOR_SPEC": str(spec_file),
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
    }
    ports = (free_port(), free_port())
    servers = [serve("showup.wsgi", ports[0], env), serve("bench.floor:app", ports[1], env)]
    lines = [
        f"pages: {company.people:,} people, {company.years} years, {connection.vendor}; "
        f"gunicorn {WORKERS} sync workers; {arguments.rounds} rounds of {LATENCY_REQUESTS} requests "
        f"and {THROUGHPUT_SECONDS:.0f} s at {CLIENTS} connections, interleaved with the floor"
    ]
    print(lines[0])
    try:
        for target in chosen:
            path = paths[target.label]
            samples = measure(target, path, cookies[target.reader], ports, arguments.rounds)
            lines.append(report_line(target, pages[path], samples))
            print(lines[-1], flush=True)
    finally:
        for server in servers:
            server.terminate()
            server.wait()
    results = Path(__file__).parent / "results" / f"pages-{connection.vendor}.txt"
    with results.open("a") as handle:
        handle.write(time.strftime("%Y-%m-%d %H:%M UTC\n", time.gmtime()))
        handle.write("\n".join(lines) + "\n\n")


if __name__ == "__main__":
    main()
