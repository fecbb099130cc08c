"""Two people typing in one shared note for a minute, in two real browsers.

    python -m bench.typing [--people 1000] [--years 2] [--data DIR] [--seconds 60]

On the company of bench/pages.py, served as `make run` serves it (gunicorn for
the pages, uvicorn for the live stream), Debian's Chromium with two contexts
on the report's next 1:1. The shared note starts as two lines, "Riley:" and
"Max:"; each person types their own sentences at the end of their own line,
key by key, at a person's pace (a key every 60 to 180 ms, and now and then a
pause to think), both at once. The note saves itself after 1.2 s without a
key, so their saves cross all the time.

Printed: how many keys each typed, how many saves merged, whether a conflict
view ever showed (it should not: they never edit the same sentence), and
whether the note as stored, and as each browser shows it at the end, holds
every key of both, each person's words in their own line and in order.
Results go to bench/results/typing-<vendor>.txt.
"""

import argparse
import os
import random
import time
from pathlib import Path
from typing import Any

from bench.browsers import CHROMIUM, CHROMIUM_ARGS, open_as
from bench.idle import serve_stream
from bench.pages import company_ready, free_port, serve, session_cookie, setup_django

WORDS = [
    *("budget", "launch", "offsite", "hiring", "onboarding", "feedback", "career", "roadmap"),
    *("workload", "training", "conference", "promotion", "mentoring", "deadline", "rota"),
]
# Counts, in each page, every conflict view that appears and every save that merged
# (each comes as a new element, swapped in out of band).
WATCH = """
window.__seen = { conflicts: 0, merged: 0 };
new MutationObserver(function (changes) {
  changes.forEach(function (change) {
    change.addedNodes.forEach(function (node) {
      if (node.nodeType !== 1) return;
      if (node.matches(".conflict") || node.querySelector(".conflict")) window.__seen.conflicts++;
      if (node.id === "note-shared-status" && /merged/.test(node.textContent)) window.__seen.merged++;
    });
  });
}).observe(document, { childList: true, subtree: true });
"""


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1_000)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--data", help="a data folder to build in once and reuse")
    parser.add_argument("--seconds", type=float, default=60.0)
    return parser.parse_args()


class Typist:
    """One person typing their own line: what they will type, and when the next key goes."""

    def __init__(self, page: Any, line: int, seed: int) -> None:
        self.page, self.line = page, line
        self.random = random.Random(seed)
        self.typed = ""
        self.pending = ""
        self.next_at = time.monotonic()

    def key(self) -> None:
        if not self.pending:
            self.pending = " " + self.random.choice(WORDS)
        char, self.pending = self.pending[0], self.pending[1:]
        self.page.keyboard.type(char)
        self.typed += char
        pause = self.random.uniform(0.06, 0.18)
        if not self.pending and self.random.random() < 0.3:
            pause += self.random.uniform(0.5, 2.5)  # a moment to think: the note saves
        self.next_at = time.monotonic() + pause


def to_end_of_line(page: Any, line: int) -> None:
    """The caret at the end of the typist's own line of the note."""
    page.locator("#note-shared textarea[name=body]").click()
    page.keyboard.press("Control+Home")
    for _ in range(line):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("End")


def typed_together(report: Any, manager: Any, seconds: float) -> tuple[Typist, Typist]:
    riley, max_ = Typist(report, 0, seed=1), Typist(manager, 1, seed=2)
    for typist in (riley, max_):
        to_end_of_line(typist.page, typist.line)
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        typist = min((riley, max_), key=lambda each: each.next_at)
        time.sleep(max(0.0, typist.next_at - time.monotonic()))
        typist.key()
    return riley, max_


def settled(pages: list[Any], expected: str) -> bool:
    """Both boxes show the note as stored, once the last saves and refreshes are through."""
    script = "text => document.querySelector('#note-shared textarea[name=body]').value === text"
    try:
        for page in pages:
            page.wait_for_function(script, arg=expected, timeout=20_000)
    except Exception:  # a box that never got there is the finding
        return False
    return True


def main() -> None:
    arguments = parse_arguments()
    setup_django(arguments.data)
    from django.core.management import call_command
    from django.db import connection
    from playwright.sync_api import sync_playwright

    from showup.meetings.models import Occurrence
    from showup.notes.models import Note
    from showup.notes.services import note_save
    from showup.people.models import Person

    company = company_ready(arguments.people, arguments.years)
    call_command("collectstatic", interactive=False, verbosity=0)
    occurrence = (
        Occurrence.objects.filter(pair_id=company.pair_id, state="scheduled")
        .select_related("pair")
        .order_by("start")
        .first()
    )
    assert occurrence is not None
    shared = Note.objects.filter(occurrence=occurrence, is_private=False).first()
    note_save(
        occurrence=occurrence,
        by=Person.objects.get(pk=company.report_id),
        private=False,
        body="Riley:\nMax:",
        base_version=shared.version if shared else 0,
    )
    path = f"/occurrences/{occurrence.pk}/"
    cookies = (
        session_cookie(company.report_id).split("=", 1)[1],
        session_cookie(company.manager_id).split("=", 1)[1],
    )
    pages_port, stream_port = free_port(), free_port()
    pages_url, live_url = f"http://127.0.0.1:{pages_port}", f"http://127.0.0.1:{stream_port}"
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
        "SHOWUP_BASE_URL": pages_url,
        "SHOWUP_LIVE_URL": live_url,
    }
    servers = [serve("showup.wsgi", pages_port, env), serve_stream(stream_port, env)]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            report = open_as(browser, pages_url, cookies[0], path, init_script=WATCH)
            manager = open_as(browser, pages_url, cookies[1], path, init_script=WATCH)
            riley, max_ = typed_together(report, manager, arguments.seconds)
            expected = f"Riley:{riley.typed}\nMax:{max_.typed}"
            shown = settled([report, manager], expected)
            seen = [page.evaluate("window.__seen") for page in (report, manager)]
            browser.close()
    finally:
        for server in servers:
            server.terminate()
            server.wait()
    stored = Note.objects.get(occurrence=occurrence, is_private=False).body
    lines = [
        f"typing: {company.people:,} people, {company.years} years, {connection.vendor}; "
        f"two Chromium contexts typing in one shared note for {arguments.seconds:.0f} s",
        f"  keys typed: Riley {len(riley.typed)}, Max {len(max_.typed)}; saves that merged "
        f"(as each page showed): Riley {seen[0]['merged']}, Max {seen[1]['merged']}",
        f"  conflict views shown: Riley {seen[0]['conflicts']}, Max {seen[1]['conflicts']}",
        f"  stored note holds every key of both, each line in order: {stored == expected}; "
        f"both browsers show it at the end: {shown}",
    ]
    if stored != expected:
        lines.append(f"  expected {expected!r}\n  stored   {stored!r}")
    print("\n".join(lines), flush=True)
    results = Path(__file__).parent / "results" / f"typing-{connection.vendor}.txt"
    with results.open("a") as handle:
        handle.write(time.strftime("%Y-%m-%d %H:%M UTC\n", time.gmtime()))
        handle.write("\n".join(lines) + "\n\n")


if __name__ == "__main__":
    main()
