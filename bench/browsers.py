"""Two real browsers on one 1:1: how soon the manager sees what the report just did.

    python -m bench.browsers [--people 1000] [--years 2] [--data DIR] [--changes 20]

On the company of bench/pages.py, served as `make run` serves it (the pages by
gunicorn, 2 sync workers; the live stream by uvicorn on its own port), Debian's
Chromium with two contexts: the report and the manager on the report's next
1:1. The report adds a point, then ticks it, at a random moment each time;
each change is timed from the report's click until the manager's page shows
it (both pages read the machine's clock). Then the same with no stream server
(SHOWUP_LIVE_URL pointing nowhere), as the page's fallback of asking every
second. Medians and p95.

SQLite or PostgreSQL (DATABASE_URL). Results go to bench/results/browsers-<vendor>.txt.
"""

import argparse
import os
import random
import statistics
import time
from pathlib import Path
from typing import Any

from bench.idle import serve_stream
from bench.pages import company_ready, free_port, percentile, serve, session_cookie, setup_django

CHROMIUM = os.environ.get("SHOWUP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    # Two people each look at their own window; in one headless Chromium the page
    # not in front would have its timers held to once a second (htmx swaps on one).
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1_000)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--data", help="a data folder to build in once and reuse")
    parser.add_argument("--changes", type=int, default=20)
    return parser.parse_args()


def open_as(browser: Any, base: str, cookie: str, path: str, init_script: str = "") -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(15_000)
    if init_script:
        context.add_init_script(init_script)
    context.add_cookies([{"name": "sessionid", "value": cookie, "url": base}])
    page = context.new_page()
    page.goto(base + path)
    return page


# Notes the moment (the machine's clock, in ms) the manager's page first shows
# `text` in an element matching `selector`. Playwright's own waiting polls ever
# more slowly (every 500 ms after the first few tries), which would time itself.
WATCH_FOR = """([selector, text]) => {
  window.__seenAt = null;
  const shows = () => Array.from(document.querySelectorAll(selector))
    .some((element) => element.textContent.includes(text));
  new MutationObserver((changes, observer) => {
    if (shows()) { window.__seenAt = Date.now(); observer.disconnect(); }
  }).observe(document.body, { childList: true, subtree: true, attributes: true });
}"""


def seconds_to_see(report: Any, manager: Any, selector: str, text: str, act: Any) -> float:
    manager.evaluate(WATCH_FOR, [selector, text])
    clicked = report.evaluate("Date.now()")
    act()
    manager.wait_for_function("() => window.__seenAt !== null")
    return float(manager.evaluate("window.__seenAt") - clicked) / 1000


def seen_after(report: Any, manager: Any, changes: int) -> tuple[list[float], list[float]]:
    """Seconds from the report's click to the manager's page showing it: added, ticked."""
    added: list[float] = []
    ticked: list[float] = []
    for number in range(changes):
        text = f"Browser bench {number} {random.randrange(10**6)}"
        time.sleep(random.uniform(0.2, 1.2))
        report.get_by_label("New talking point").fill(text)
        add = report.get_by_role("button", name="Add", exact=True).first
        added.append(seconds_to_see(report, manager, ".point", text, add.click))
        time.sleep(random.uniform(0.2, 1.2))
        tick = report.get_by_label(f"Discussed: {text}")
        ticked.append(seconds_to_see(report, manager, ".point.is-discussed", text, tick.check))
    return added, ticked


def measured(
    label: str, browser: Any, pages_url: str, cookies: tuple[str, str], path: str, n: int
) -> str:
    report = open_as(browser, pages_url, cookies[0], path)
    manager = open_as(browser, pages_url, cookies[1], path)
    mode = f"[data-live-mode={'stream' if label == 'stream' else 'polling'}]"
    for page in (report, manager):
        page.locator(mode).wait_for(state="attached")
    added, ticked = seen_after(report, manager, n)
    for page in (report, manager):
        page.context.close()
    both = added + ticked
    return (
        f"  {label}: the manager sees the report's change in median "
        f"{statistics.median(both) * 1000:4.0f} ms, p95 {percentile(both, 95) * 1000:4.0f} ms "
        f"(a point added: median {statistics.median(added) * 1000:4.0f} ms; ticked: "
        f"{statistics.median(ticked) * 1000:4.0f} ms; {len(both)} changes)"
    )


def main() -> None:
    arguments = parse_arguments()
    setup_django(arguments.data)
    from django.core.management import call_command
    from django.db import connection
    from playwright.sync_api import sync_playwright

    from showup.agendas.models import TalkingPoint
    from showup.meetings.models import Occurrence

    company = company_ready(arguments.people, arguments.years)
    # The pages' scripts as this checkout has them (a reused data folder holds older ones).
    call_command("collectstatic", interactive=False, verbosity=0)
    occurrence = (
        Occurrence.objects.filter(pair_id=company.pair_id, state="scheduled")
        .order_by("start")
        .values_list("pk", flat=True)
        .first()
    )
    path = f"/occurrences/{occurrence}/"
    # Made before Playwright starts: its event loop then runs in this thread, where the ORM won't.
    cookies = (
        session_cookie(company.report_id).split("=", 1)[1],
        session_cookie(company.manager_id).split("=", 1)[1],
    )
    pages_port, stream_port = free_port(), free_port()
    pages_url = f"http://127.0.0.1:{pages_port}"
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
        "SHOWUP_BASE_URL": pages_url,
    }
    lines = [
        f"browsers: {company.people:,} people, {company.years} years, {connection.vendor}; "
        "gunicorn 2 sync workers for the pages, uvicorn for the stream; Chromium, two contexts"
    ]
    print(lines[0], flush=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for label, live_url in (
                ("stream", f"http://127.0.0.1:{stream_port}"),
                ("asking every second", "http://127.0.0.1:9"),  # nothing listens there
            ):
                servers = [serve("showup.wsgi", pages_port, {**env, "SHOWUP_LIVE_URL": live_url})]
                if label == "stream":
                    servers.append(serve_stream(stream_port, {**env, "SHOWUP_LIVE_URL": live_url}))
                try:
                    lines.append(
                        measured(label, browser, pages_url, cookies, path, arguments.changes)
                    )
                    print(lines[-1], flush=True)
                finally:
                    for server in servers:
                        server.terminate()
                        server.wait()
            browser.close()
    finally:
        TalkingPoint.objects.filter(text__startswith="Browser bench ").delete()
    results = Path(__file__).parent / "results" / f"browsers-{connection.vendor}.txt"
    with results.open("a") as handle:
        handle.write(time.strftime("%Y-%m-%d %H:%M UTC\n", time.gmtime()))
        handle.write("\n".join(lines) + "\n\n")


if __name__ == "__main__":
    main()
