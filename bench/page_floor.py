"""The floor for Showup's pages seen again, written by hand: a plain WSGI app on the stdlib's sqlite3.

No framework, no ORM, no middleware, no templates and nothing kept between
requests: every answer is recomputed from the database with the fewest
hand-written queries that read the rows Showup shows, and built as strings
(html.escape) with the same markup. For the reader of the session cookie
(found and checked as Django does: the session row, its signature, the
person's session hash and `is_active`), it serves:

- `GET /occurrences/<id>/`: the 1:1 page: header, agenda (the reader's own
  private points, never the other person's), prompts, the shared note and
  the reader's private note (never the other's), action items, outcome,
  side panel and follow-through;
- `GET /`: home: next 1:1s, those awaiting an outcome, gap alerts,
  proposals, the manager's table of reports, open blockers, one's manager;
- `GET /pairs/<id>/`: the pair page: counts, what is coming, a page of history;
- `GET /pairs/<id>/history/`: a page of the history, each 1:1 with its
  points, notes (Markdown, rendered with the same renderer) and actions;
- `POST /occurrences/<id>/points/`: the talking point write of
  bench/live_floor.py (the same rows), for the write-and-view loop.

It does not check CSRF or a one-time key (it prints random ones where
Showup's forms carry them), judge a point's text (Showup's off-topic guard,
so no nudges), flash messages, or ask for the calendar questions' count: the
floor is what any server must do at the least to show the same page.
"""

import html
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

from django.utils.crypto import salted_hmac

from bench.live_floor import (
    connection,
    form_inputs,
    point_add,
    point_html,
    signed_in,
    stamp_text,
)
from showup.meetings.recurrence import describe_rule, typical_interval_days
from showup.notes.markdown import render_markdown

SECRET = os.environ["SHOWUP_SECRET_KEY"]
STATIC = Path(os.environ.get("SHOWUP_FLOOR_STATIC", ""))
MISSED_AFTER_DAYS = 7  # settings.MISSED_AFTER_DAYS, its default
NOTED_SKIP_GRACE = 2  # meetings/gaps.py
HISTORY_PAGE, TIMELINE_PAGE = 20, 10
e = html.escape
Row = tuple[Any, ...]


# Reading and saying times ------------------------------------------------------


def moment(text: str | None, zone: tzinfo) -> datetime | None:
    """A datetime as SQLite holds it (naive UTC text), on the reader's clock."""
    if text is None:
        return None
    return datetime.fromisoformat(text).replace(tzinfo=UTC).astimezone(zone)


def day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def jm(when: date) -> str:  # Django's "j M"
    return f"{when.day} {when:%b}"


def djm(when: date) -> str:  # "D j M"
    return f"{when:%a} {when.day} {when:%b}"


def relative_day(when: datetime, today: date) -> str:
    days = (when.date() - today).days
    named = {0: "today", 1: "tomorrow", -1: "yesterday"}
    return named.get(days, f"in {days} days" if days > 0 else f"{-days} days ago")


def first(name: str) -> str:
    return name.split(" ")[0]


def initials(name: str) -> str:
    return "".join(part[0] for part in name.split()[:2]).upper() or "?"


def plural(count: int) -> str:
    return "" if count == 1 else "s"


def truncated(text: str, length: int) -> str:  # truncatechars
    return text if len(text) <= length else text[: length - 1] + "…"


def when_html(start: datetime, end: datetime, other_name: str, other_zone: str) -> str:
    """meetings/_when.html: the reader's time, and the other person's when it reads differently."""
    said = f'<span class="when"><strong>{djm(start)}</strong> · {start:%H:%M}–{end:%H:%M}</span>'
    theirs = start.astimezone(ZoneInfo(other_zone))
    if f"{theirs:%a %H:%M}" == f"{start:%a %H:%M}":
        return said
    other_day = f" {theirs:%a}" if f"{theirs:%a}" != f"{start:%a}" else ""
    return f'{said}<span class="small muted"> ({theirs:%H:%M}{other_day} for {e(first(other_name))})</span>'


STATE_BADGES = {"scheduled": "badge-accent", "rescheduled": "badge-accent", "held": "badge-ok"}
STATE_BADGES.update({"cancelled": "badge-danger", "missed": "badge-warn"})


def state_html(state: str, start: str, original_start: str) -> str:
    shown = "rescheduled" if state == "scheduled" and start != original_start else state
    return f'<span class="badge {STATE_BADGES.get(shown, "")}">{shown.capitalize()}</span>'


# The reader, and the page around every body ---------------------------------------


@dataclass(frozen=True)
class Reader:
    id: int
    name: str
    email: str
    zone: ZoneInfo
    is_admin: bool
    now: datetime
    today: date


# The reader's own row, read by each page's first query: `r` joined on the session's person.
READER_COLUMNS = "r.id, r.name, r.email, r.timezone, r.is_admin, r.password, r.manager_id"
READER_JOIN = "JOIN people_person r ON r.id = ? AND r.is_active"


def reader_from(row: sqlite3.Row | None, session_hash: str) -> Reader | None:
    """The reader, when the session's hash still matches their password (as django.contrib.auth checks)."""
    if row is None:
        return None
    person, name, email, zone_name, is_admin, password = tuple(row)[:6]
    expected = salted_hmac(
        "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
        password,
        secret=SECRET,
        algorithm="sha256",
    ).hexdigest()
    if not secrets.compare_digest(expected, session_hash):
        return None
    zone = ZoneInfo(zone_name)
    now = datetime.now(UTC).astimezone(zone)
    return Reader(person, name, email, zone, bool(is_admin), now, now.date())


def static(name: str, paths: dict[str, str] = {}) -> str:  # noqa: B006 (read once, kept)
    """A static file's hashed name, as ManifestStaticFilesStorage writes it."""
    if not paths:
        import json

        manifest = STATIC / "staticfiles.json"
        paths.update(json.loads(manifest.read_text())["paths"] if manifest.exists() else {})
    return "/static/" + paths.get(name, name)


def frame(
    reader: Reader, title: str, main: str, token: str, inputs: str, *, search: str = ""
) -> str:
    """base.html: the head, the top bar with the reader's menu, `main`, the footer.

    `search` is 'aria-current="page"' on the history's pages: the Search link marks their section.
    """
    admin = '<li><a href="/admin/people/" >Admin</a></li>' if reader.is_admin else ""
    menu = "".join(
        f'<a href="{href}">{label}</a>'
        for href, label in (
            (f"/people/{reader.id}/", "Your profile and time zone"),
            ("/calendar/", "Calendar feed"),
            ("/settings/calendar-sync/", "Calendar sync"),
            ("/settings/reminders/", "Reminders"),
            ("/settings/tokens/", "API tokens"),
            ("/settings/chat/", "Chat"),
            ("/settings/webhooks/", "Webhooks"),
            ("/accounts/password/", "Change password"),
        )
    )
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false, "allowEval": false,'
        ' "allowScriptTags": false}\'>\n'
        f"<title>{e(title)} · Showup</title>\n"
        f'<link rel="icon" href="{static("showup/favicon.svg")}" type="image/svg+xml">\n'
        f'<link rel="stylesheet" href="{static("showup/showup.css")}">\n'
        f'<script src="{static("showup/htmx.min.js")}" defer></script>\n'
        f'<script src="{static("showup/showup.js")}" defer></script>\n</head>\n'
        f'<body hx-headers=\'{{"X-CSRFToken": "{token}"}}\' class="">\n'
        '<a class="skip-link" href="#main">Skip to content</a>\n'
        '<header class="topbar"><div class="topbar-inner">'
        '<a class="brand" href="/" aria-label="Showup home"><svg aria-hidden="true" width="26" '
        'height="26" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="currentColor"/>'
        '<circle cx="11.5" cy="16" r="5" fill="#fff"/><circle cx="20.5" cy="16" r="5" fill="#fff" '
        'fill-opacity=".7"/></svg><span>Showup</span></a>'
        '<button type="button" class="nav-toggle" aria-expanded="false" aria-controls="main-nav">'
        '<span class="burger" aria-hidden="true"></span><span class="sr-only">Menu</span></button>'
        '<nav id="main-nav" class="main-nav" aria-label="Main"><ul class="nav">'
        '<li><a href="/" >Home</a></li><li><a href="/feedback/" >Feedback</a></li>'
        f'<li><a href="/search/" {search}>Search</a></li><li><a href="/people/" >Org chart</a></li>'
        f'{admin}</ul></nav><details class="account-menu"><summary><span class="avatar" '
        f'aria-hidden="true">{e(initials(reader.name))}</span><span class="account-name">'
        f'{e(reader.name)}</span><span class="sr-only"> account menu</span></summary>'
        f'<div class="menu-panel"><p class="menu-who"><strong>{e(reader.name)}</strong><br>'
        f'<span class="muted">{e(reader.email)}</span></p>{menu}'
        f'<form method="post" action="/accounts/sign-out/">{inputs}<button type="submit" '
        'class="link-button">Sign out</button></form></div></details></div></header>\n'
        f'<main id="main" class="page" tabindex="-1">{main}</main>\n<footer class="footer">'
        "<p>Showup · private notes are readable by their author alone, never by managers or "
        "admins.</p></footer>\n</body>\n</html>\n"
    )


def privacy_note(other_first: str) -> str:
    """core/_privacy_note.html with meetings/privacy.py's words."""
    lines = (
        f"Schedule, agenda, shared notes and actions: you and {e(other_first)}, nobody else.",
        "Your private notes and private talking points: you alone. Not even admins can open them.",
        "Managers above you and admins see counts only (held, skipped, cancelled), never content.",
    )
    return (
        '<aside class="privacy-note" aria-label="Who can read this page"><svg aria-hidden="true" '
        'width="16" height="16" viewBox="0 0 16 16"><path d="M8 1 2 3.5V8c0 3.3 2.6 6.2 6 7 3.4-.8 '
        '6-3.7 6-7V3.5L8 1Z" fill="currentColor"/></svg><div><strong>Who can read this page'
        f"</strong><ul>{''.join(f'<li>{line}</li>' for line in lines)}</ul></div></aside>"
    )


def pair_tabs(pair: int, relation: str, current: str) -> str:
    tabs = [("", "Schedule"), ("history/", "History"), ("insights/", "Insights")]
    tabs += [("feedback/", "Feedback"), ("blockers/", "Harder than it should be")]
    if relation == "manager":
        tabs += [("performance/", "Performance"), ("career/", "Career plan")]
    here = 'aria-current="page"'
    links = "".join(
        f'<a href="/pairs/{pair}/{tail}" {here if tail == current else ""}>{label}</a>'
        for tail, label in tabs
    )
    return f'<nav class="tabs" aria-label="This 1:1">{links}</nav>'


def pagination(number: int, pages: int) -> str:
    if pages <= 1:
        return ""
    newer = (
        f'<a class="btn btn-sm" href="?page={number - 1}" rel="prev">Newer</a>'
        if number > 1
        else ""
    )
    older = (
        f'<a class="btn btn-sm" href="?page={number + 1}" rel="next">Older</a>'
        if number < pages
        else ""
    )
    return (
        f'<nav class="pagination" aria-label="Pages">{newer}<span class="small muted">Page '
        f"{number} of {pages}</span>{older}</nav>"
    )


def page_number(environ: dict[str, Any], count: int, size: int) -> tuple[int, int]:
    """Paginator.get_page: a bad number is page 1, one past the end the last page."""
    pages = max(1, -(-count // size))
    try:
        number = int(parse_qs(environ.get("QUERY_STRING", "")).get("page", ["1"])[0])
    except ValueError:
        number = 1
    return min(max(number, 1), pages), pages


# The app ---------------------------------------------------------------------------

Page = Callable[[sqlite3.Connection, int, str, dict[str, Any], list[str]], str | None]


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    db = connection()
    now = stamp_text(datetime.now(UTC))
    parts = environ["PATH_INFO"].strip("/").split("/")
    session = signed_in(environ, db, now)
    body = None
    if session is not None:
        page = route(environ["REQUEST_METHOD"], parts)
        body = page(db, session[0], session[1], environ, parts) if page else None
    if body is None:
        # Not signed in, not theirs, or not there: Showup says 404 (or sends to sign in) alike.
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b""]
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
    return [body.encode()]


def route(method: str, parts: list[str]) -> Page | None:
    numbered = len(parts) >= 2 and parts[1].isdigit()
    if method == "POST":
        return add_point if parts[0] == "occurrences" and parts[2:] == ["points"] else None
    if parts == [""]:
        return home_page
    if parts[0] == "occurrences" and numbered and len(parts) == 2:
        return occurrence_page
    if parts[0] == "pairs" and numbered and len(parts) == 2:
        return pair_page
    if parts[0] == "pairs" and numbered and parts[2:] == ["history"]:
        return history_page
    return None


def add_point(
    db: sqlite3.Connection,
    person: int,
    session_hash: str,
    environ: dict[str, Any],
    parts: list[str],
) -> str | None:
    """bench/live_floor.py's write, once the reader and their 1:1 are checked (one query)."""
    row = db.execute(
        f"SELECT {READER_COLUMNS} FROM meetings_occurrence o JOIN meetings_pair p ON p.id = o.pair_id "
        f"{READER_JOIN} WHERE o.id = ? AND (p.lead_id = r.id OR p.member_id = r.id)",
        (person, int(parts[1])),
    ).fetchone()
    if row is None or reader_from(row, session_hash) is None:
        return None
    return point_add(environ, db, person, int(parts[1]), stamp_text(datetime.now(UTC)))


def named(
    db: sqlite3.Connection, sql: str, parameters: Sequence[Any] | dict[str, Any]
) -> list[sqlite3.Row]:
    """The rows of a query, read by column name."""
    cursor = db.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, parameters).fetchall()


# The 1:1 page ------------------------------------------------------------------------

# Everything of the 1:1 that is one row: the reader, the occurrence, its pair and people,
# its neighbours, the next 1:1, both notes the reader may read (the shared one and their
# own private one, each found by its partial unique index), the pulse and the panel's facts.
NEIGHBOUR = """(SELECT n.{column} FROM meetings_occurrence n WHERE n.pair_id = o.pair_id
      AND (n.start {way} o.start OR (n.start = o.start AND n.id {way} o.id))
      ORDER BY n.start {order}, n.id {order} LIMIT 1)"""
OCCURRENCE_SQL = f"""
    SELECT {READER_COLUMNS},
           o.id AS occurrence_id, o.start, o."end", o.original_start, o.state, o.outcome_note, o.outcome_at,
           ob.name AS outcome_by, p.id AS pair, p.relation, p.lead_id, p.member_id,
           lead.name AS lead_name, lead.timezone AS lead_zone,
           member.name AS member_name, member.timezone AS member_zone, s.location,
           COALESCE(shared.stamp, 0) AS shared_stamp,
           {NEIGHBOUR.format(column="id", way="<", order="DESC")} AS previous_id,
           {NEIGHBOUR.format(column="start", way="<", order="DESC")} AS previous_start,
           {NEIGHBOUR.format(column="id", way=">", order="")} AS following_id,
           {NEIGHBOUR.format(column="start", way=">", order="")} AS following_start,
           (SELECT n.id FROM meetings_occurrence n WHERE n.pair_id = o.pair_id
             AND n.state = 'scheduled' AND n."end" >= :now ORDER BY n.start, n.id LIMIT 1) AS next_id,
           COALESCE(summary.held, 0) AS held,
           sn.body AS shared_body, sn.version AS shared_version, sn.updated_at AS shared_at,
           sn.updated_by_id AS shared_by_id, sb.name AS shared_by,
           pn.body AS private_body, pn.version AS private_version, pn.updated_at AS private_at,
           (SELECT MAX(held_on) FROM careers_careerconversation WHERE pair_id = p.id) AS last_career,
           EXISTS (SELECT 1 FROM careers_careerconversation WHERE occurrence_id = o.id) AS is_career,
           (SELECT score FROM insights_checkin
             WHERE occurrence_id = o.id AND person_id = p.member_id) AS check_in,
           (SELECT score FROM insights_meetingrating
             WHERE occurrence_id = o.id AND person_id = p.member_id) AS rating,
           (SELECT MAX(created_at) FROM feedback_feedback
             WHERE pair_id = p.id AND giver_id = r.id) AS last_given,
           p.feedback_prompt_days, p.career_prompt_days
      FROM meetings_occurrence o
      JOIN meetings_pair p ON p.id = o.pair_id
      JOIN people_person r ON r.id = :reader AND r.is_active
      JOIN people_person lead ON lead.id = p.lead_id
      JOIN people_person member ON member.id = p.member_id
      JOIN meetings_series s ON s.id = o.series_id
      LEFT JOIN people_person ob ON ob.id = o.outcome_by_id
      LEFT JOIN meetings_sharedstamp shared ON shared.pair_id = p.id
      LEFT JOIN meetings_pairsummary summary ON summary.pair_id = p.id
      LEFT JOIN notes_note sn ON sn.occurrence_id = o.id AND NOT sn.is_private
      LEFT JOIN people_person sb ON sb.id = sn.updated_by_id
      LEFT JOIN notes_note pn ON pn.occurrence_id = o.id AND pn.is_private AND pn.author_id = r.id
     WHERE o.id = :occurrence AND (p.lead_id = r.id OR p.member_id = r.id)
"""
# A point as live_floor.point_html reads it, private ones to their author only
# (agendas/selectors.py): this 1:1's, and the pair's waiting ones when it is the next 1:1.
POINTS_SQL = """
    SELECT t.id, t.text, t.is_private, t.discussed_at IS NOT NULL, t.carried,
           t.occurrence_id IS NULL, t.source, t.author_id, a.name, p.member_id
      FROM agendas_talkingpoint t
      JOIN people_person a ON a.id = t.author_id
      JOIN meetings_pair p ON p.id = t.pair_id
     WHERE t.pair_id = ? AND (t.occurrence_id = ? OR (? AND t.occurrence_id IS NULL))
       AND (NOT t.is_private OR t.author_id = ?)
     ORDER BY t.author_id <> p.member_id, t.position, t.created_at
"""
# Every action item of the pair (a few dozen): the open ones from earlier 1:1s, this 1:1's,
# both people's follow-through and the manager's overdue commitments all come from these rows.
ACTIONS_SQL = """
    SELECT a.id, a.text, a.due_on, a.done_at, a.created_at, a.created_by_id, a.occurrence_id,
           a.owner_id, w.name AS owner, o.start AS occurrence_start
      FROM actions_actionitem a
      JOIN people_person w ON w.id = a.owner_id
      LEFT JOIN meetings_occurrence o ON o.id = a.occurrence_id
     WHERE a.pair_id = ?
"""
# The page's short lists in one query: kind, id, text, a, b, c, and the order within the kind.
LISTS_SQL = """
    SELECT * FROM (
        SELECT 'feedback' AS kind, f.id, f.text, f.kind AS a, f.giver_id AS b, g.name AS c,
               f.created_at AS sort
          FROM feedback_feedback f JOIN people_person g ON g.id = f.giver_id
         WHERE f.pair_id = :pair AND f.discussed_at IS NULL ORDER BY f.created_at DESC LIMIT 5)
    UNION ALL
    SELECT 'milestone', m.id, m.title, m.due_on, NULL, NULL, m.due_on || m.created_at
      FROM careers_milestone m JOIN careers_careerplan c ON c.id = m.plan_id
     WHERE :manager AND c.pair_id = :pair AND m.status IN ('planned', 'in-progress')
       AND m.due_on <= :within
    UNION ALL
    SELECT 'concern', b.id, b.text, b.raised_at, NULL, NULL, b.raised_at
      FROM performance_observation b
     WHERE :manager AND b.pair_id = :pair AND b.kind = 'concern' AND b.raised_at IS NOT NULL
       AND b.acknowledged_at IS NULL
    UNION ALL
    SELECT 'move', v.id, v.reason, v.from_start, v.to_start, w.name, v.moved_at
      FROM meetings_occurrencemove v JOIN people_person w ON w.id = v.moved_by_id
     WHERE v.occurrence_id = :occurrence
    UNION ALL
    SELECT 'recurring', x.id, x.text, x.is_private, NULL, NULL, x.created_at
      FROM agendas_recurringpoint x
     WHERE x.pair_id = :pair AND (NOT x.is_private OR x.author_id = :reader)
"""


@dataclass(frozen=True)
class Meeting:
    """The 1:1 as the page speaks of it, on the reader's clock."""

    row: sqlite3.Row
    reader: Reader
    start: datetime
    end: datetime
    other_name: str
    other_zone: str

    @property
    def id(self) -> int:
        return int(self.row["occurrence_id"])

    @property
    def pair(self) -> int:
        return int(self.row["pair"])

    @property
    def is_member(self) -> bool:
        return bool(self.reader.id == self.row["member_id"])

    @property
    def other_first(self) -> str:
        return first(self.other_name)

    @property
    def is_manager_pair(self) -> bool:
        return bool(self.row["relation"] == "manager")


def occurrence_page(
    db: sqlite3.Connection,
    person: int,
    session_hash: str,
    environ: dict[str, Any],
    parts: list[str],
) -> str | None:
    now = stamp_text(datetime.now(UTC))
    found = named(db, OCCURRENCE_SQL, {"now": now, "reader": person, "occurrence": int(parts[1])})
    reader = reader_from(found[0] if found else None, session_hash)
    if reader is None:
        return None
    meeting = meeting_of(found[0], reader)
    is_next = found[0]["next_id"] == meeting.id
    points = db.execute(POINTS_SQL, (meeting.pair, meeting.id, is_next, reader.id)).fetchall()
    actions = named(db, ACTIONS_SQL, (meeting.pair,))
    lists = short_lists(db, meeting)
    token, inputs = secrets.token_urlsafe(48), form_inputs()
    body = "".join(
        (
            occurrence_header(meeting),
            '<div class="with-sidebar"><div class="stack">',
            agenda_html(meeting, points, lists.get("recurring", []), inputs),
            prompts_html(meeting.id, first_meeting=found[0]["held"] == 0, inputs=inputs),
            notes_html(meeting, inputs),
            actions_html(meeting, actions, inputs),
            '</div><aside class="stack">',
            outcome_html(meeting, lists.get("move", []), inputs),
            panel_html(meeting, lists, actions, inputs),
            record_html(meeting, actions),
            "</aside></div>",
        )
    )
    main = (
        privacy_note(meeting.other_first)
        + f'<div data-live="/occurrences/{meeting.id}/live/" data-live-stamp="'
        f'{found[0]["shared_stamp"]}" data-live-stream="/occurrences/{meeting.id}/live/stream/">'
        '<p class="presence small muted" data-presence hidden role="status" aria-live="polite">'
        f"</p>{body}</div>"
    )
    title = f"1:1 with {meeting.other_name}, {jm(meeting.start)}"
    return frame(reader, title, main, token, inputs)


def meeting_of(row: sqlite3.Row, reader: Reader) -> Meeting:
    lead = reader.id == row["lead_id"]
    other_name = row["member_name"] if lead else row["lead_name"]
    other_zone = row["member_zone"] if lead else row["lead_zone"]
    start, end = moment(row["start"], reader.zone), moment(row["end"], reader.zone)
    assert start
    assert end
    return Meeting(row, reader, start, end, other_name, other_zone)


def short_lists(db: sqlite3.Connection, meeting: Meeting) -> dict[str, list[sqlite3.Row]]:
    lists: dict[str, list[sqlite3.Row]] = {}
    parameters = {
        "pair": meeting.pair,
        "manager": meeting.is_manager_pair,
        "within": (meeting.reader.today + timedelta(days=30)).isoformat(),
        "occurrence": meeting.id,
        "reader": meeting.reader.id,
    }
    for item in named(db, LISTS_SQL, parameters):
        lists.setdefault(item["kind"], []).append(item)
    for kind, items in lists.items():  # each in its own order; feedback newest first
        items.sort(key=lambda item: item["sort"] or "", reverse=kind == "feedback")
    return lists


def occurrence_header(meeting: Meeting) -> str:
    """meetings/_occurrence_header.html: breadcrumbs, title, when, the 1:1s either side."""
    row, other = meeting.row, e(meeting.other_name)
    location = f" · {e(row['location'])}" if row["location"] else ""
    neighbours = ""
    for key, rel, text in (("previous", "prev", "← {}"), ("following", "next", "{} →")):
        when = moment(row[f"{key}_start"], meeting.reader.zone)
        if when:
            label = text.format(jm(when))
            neighbours += f'<a class="btn btn-sm" href="/occurrences/{row[f"{key}_id"]}/" rel="{rel}">{label}</a>'
    said = when_html(meeting.start, meeting.end, meeting.other_name, meeting.other_zone)
    return (
        f'<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/">Home</a> › <a href="/pairs/'
        f'{meeting.pair}/">1:1 with {other}</a> › {meeting.start.day} {meeting.start:%b %Y}</nav>'
        f'<div class="page-header"><div><h1>1:1 with {other} '
        f'{state_html(row["state"], row["start"], row["original_start"])}</h1><p class="muted">'
        f"{said} · {relative_day(meeting.start, meeting.reader.today)}{location}</p></div>"
        f'<nav class="actions" aria-label="Other 1:1s">{neighbours}</nav></div>'
    )


def agenda_html(
    meeting: Meeting, points: list[Row], recurring: list[sqlite3.Row], inputs: str
) -> str:
    """agendas/_agenda.html: the every-1:1 points, the report's points, then the manager's."""
    member_name, add = first(meeting.row["member_name"]), f"/occurrences/{meeting.id}/points/"
    private = ' <span class="badge badge-private">Private</span>'
    every = "".join(
        f'<li class="point-row"><span>{e(item["text"])}{private if item["a"] else ""}</span>'
        f'<form method="post" action="/occurrences/{meeting.id}/recurring/{item["id"]}/remove/" '
        f'hx-post="/occurrences/{meeting.id}/recurring/{item["id"]}/remove/" hx-target="#agenda" '
        f'hx-swap="outerHTML" class="inline">{inputs}<button class="btn btn-sm btn-quiet" '
        f'type="submit" aria-label="Remove “{e(item["text"])}” from every 1:1">Remove</button></form></li>'
        for item in recurring
    )
    every = (
        f'<div class="recurring"><h3 class="eyebrow">Every 1:1</h3><ul class="list">{every}</ul></div>'
        if every
        else ""
    )
    member = [point for point in points if point[7] == point[9]]
    lead = [point for point in points if point[7] != point[9]]
    listed = "".join(point_html(point, meeting.reader.id, meeting.id, inputs) for point in member)
    listed += '<li id="agenda-lead-points" hidden></li>'
    listed += "".join(point_html(point, meeting.reader.id, meeting.id, inputs) for point in lead)
    return (
        f'<section class="card agenda" id="agenda" aria-labelledby="agenda-heading" '
        f'data-refresh="/occurrences/{meeting.id}/agenda/"><div class="card-header"><h2 '
        f'id="agenda-heading">Agenda</h2><span class="small muted">{e(member_name)}\'s points come '
        f"first: it is {'your' if meeting.is_member else 'their'} meeting.</span></div>{every}"
        f'<ol class="points" id="agenda-points">{listed}</ol>{agenda_foot(meeting, add, inputs)}</section>'
    )


def agenda_foot(meeting: Meeting, add: str, inputs: str) -> str:
    state = meeting.row["state"]
    if state in ("skipped", "cancelled", "missed"):
        said = (
            "This 1:1 did not happen: its open points wait on your next one."
            if state == "missed"
            else f"This 1:1 is {state}: its open points wait on your next one, and come back if "
            "you put it back on."
        )
        return f'<p class="empty agenda-empty">{said}</p>'
    mind = (
        "What's on your mind?"
        if meeting.is_member
        else f"{e(first(meeting.row['member_name']))} owns the agenda; add yours below it."
    )
    return (
        f'<p class="empty agenda-empty">Nothing on the agenda yet. {mind}</p>'
        f'<form class="add-point" data-reset-after method="post" action="{add}" hx-post="{add}" '
        f'hx-target="#agenda" hx-swap="outerHTML">{inputs}<label class="sr-only" for="new-point">'
        'New talking point</label><input type="text" id="new-point" name="text" maxlength="500" '
        'placeholder="Add a talking point…" required autocomplete="off"><label class="check small">'
        '<input type="checkbox" name="private"> Private (only you)</label><button class="btn '
        'btn-primary" type="submit">Add</button></form>'
    )


def prompts_html(occurrence: int, *, first_meeting: bool, inputs: str) -> str:
    """agendas/_prompts.html: the prompt library (a constant of Showup's), each with two forms."""
    from showup.agendas.prompts import prompt_groups

    add, every = f"/occurrences/{occurrence}/points/", f"/occurrences/{occurrence}/recurring/"
    groups = "".join(
        f'<div class="prompt-group"><h3 class="eyebrow">{e(group.title)}</h3><ul class="list">'
        + "".join(
            f'<li class="point-row"><span>{e(prompt)}</span><span class="actions"><form method="post" '
            f'action="{add}" hx-post="{add}" hx-target="#agenda" hx-swap="outerHTML" class="inline">'
            f'{inputs}<input type="hidden" name="text" value="{e(prompt)}"><input type="hidden" '
            'name="source" value="prompt"><button class="btn btn-sm" type="submit">Add</button></form>'
            f'<form method="post" action="{every}" hx-post="{every}" hx-target="#agenda" '
            f'hx-swap="outerHTML" class="inline">{inputs}<input type="hidden" name="text" '
            f'value="{e(prompt)}"><button class="btn btn-sm btn-quiet" type="submit" title="Show it '
            'on every 1:1">Every time</button></form></span></li>'
            for prompt in group.prompts
        )
        + "</ul></div>"
        for group in prompt_groups(first_meeting=first_meeting)
    )
    return (
        '<section class="card prompts-card" aria-label="Prompts for a good 1:1"><details '
        'class="prompts"><summary class="small">Need ideas? Prompts for a good 1:1</summary>'
        f'<div class="prompt-groups">{groups}</div></details></section>'
    )


def notes_html(meeting: Meeting, inputs: str) -> str:
    editors = note_editor(meeting, "shared", inputs) + note_editor(meeting, "private", inputs)
    return (
        '<section class="card" id="notes" aria-labelledby="notes-heading"><h2 id="notes-heading" '
        f'class="sr-only">Notes</h2><div class="stack">{editors}</div></section>'
    )


def note_editor(meeting: Meeting, which: str, inputs: str) -> str:
    """notes/_editor.html: the shared note, or the reader's own private one (never the other's)."""
    row, reader = meeting.row, meeting.reader
    body, version = row[f"{which}_body"] or "", row[f"{which}_version"] or 0
    status = ""
    if version:
        saved = moment(row[f"{which}_at"], reader.zone)
        assert saved
        status = f"Saved {jm(saved)}, {saved:%H:%M}"
        if which == "shared" and row["shared_by_id"]:
            by = "you" if row["shared_by_id"] == reader.id else e(first(row["shared_by"]))
            status += f" by {by}"
    if which == "private":
        label = 'Your private notes <span class="badge badge-private">Only you</span>'
        rows, hint = 4, "Prep and thoughts for yourself. Nobody else can ever read these."
    else:
        label = f'Shared notes <span class="badge">You and {e(meeting.other_first)}</span>'
        rows = 7
        hint = "What you discussed and decided. Markdown works: **bold**, - lists, [links](https://…)."
    save = f"/occurrences/{meeting.id}/notes/{which}/"
    return (
        f'<div class="note-editor" id="note-{which}"><div class="row row-between"><h3 '
        f'id="note-{which}-label">{label}</h3><span class="small muted" id="note-{which}-status" '
        f'role="status" aria-live="polite">{status}</span></div><div id="note-{which}-conflict">'
        f'</div><div id="note-{which}-merged" hidden data-current="/occurrences/{meeting.id}/notes/'
        f'{which}/current/"></div><form method="post" action="{save}" hx-post="{save}" '
        'hx-trigger="input changed delay:1200ms from:find textarea, submit" hx-swap="none" '
        f'class="stack-sm" data-note-form>{inputs}<input type="hidden" name="version" '
        f'value="{version}" id="note-{which}-version"><textarea name="body" rows="{rows}" '
        f'aria-labelledby="note-{which}-label" data-draft-key="note-{meeting.id}-{which}-{reader.id}"'
        f' placeholder="{e(hint)}">{e(body)}</textarea><textarea name="base" id="note-{which}-base" '
        f'hidden aria-hidden="true" tabindex="-1">{e(body)}</textarea><div class="actions"><button '
        'class="btn btn-sm" type="submit">Save now</button><button class="btn btn-sm btn-quiet" '
        'type="button" hx-post="/notes/preview/" hx-include="closest form" '
        f'hx-target="#note-{which}-preview" hx-swap="innerHTML">Preview</button><span class="small '
        f'muted">Saves as you type.</span></div></form><div class="markdown preview" '
        f'id="note-{which}-preview"></div></div>'
    )


def actions_html(meeting: Meeting, actions: list[sqlite3.Row], inputs: str) -> str:
    """actions/_actions.html: open items from earlier 1:1s (due first), then this 1:1's."""
    start = meeting.row["start"]
    earlier = sorted(
        (
            item
            for item in actions
            if item["done_at"] is None
            and item["occurrence_id"] != meeting.id
            and (item["occurrence_id"] is None or item["occurrence_start"] < start)
        ),
        key=lambda item: (item["due_on"] is not None, item["due_on"] or "", item["created_at"]),
    )
    here = sorted(
        (item for item in actions if item["occurrence_id"] == meeting.id),
        key=lambda item: item["created_at"],
    )
    parts = ""
    if earlier:
        items = "".join(action_html(meeting, item, inputs, show_age=True) for item in earlier)
        parts += (
            f'<h3 class="eyebrow">Still open from earlier 1:1s</h3><ul class="points">{items}</ul>'
        )
    parts += '<h3 class="eyebrow">Agreed in this 1:1</h3>'
    if here:
        items = "".join(action_html(meeting, item, inputs, show_age=False) for item in here)
        parts += f'<ul class="points">{items}</ul>'
    else:
        parts += '<p class="muted small">Nothing yet. When a problem comes up, agree who acts on it.</p>'
    add = f"/occurrences/{meeting.id}/actions/new/"
    return (
        f'<section class="card" id="actions" aria-labelledby="actions-heading" '
        f'data-refresh="/occurrences/{meeting.id}/actions/"><div class="card-header"><h2 '
        'id="actions-heading">Action items</h2><span class="small muted">Open items stay here until '
        f'they are done.</span></div>{parts}<form class="add-action" method="post" action="{add}" '
        f'hx-post="{add}" hx-target="#actions" hx-swap="outerHTML">{inputs}<label class="sr-only" '
        'for="new-action">New action item</label><input type="text" id="new-action" name="text" '
        'maxlength="300" placeholder="Who will do what…" required autocomplete="off"><label '
        'class="sr-only" for="new-action-owner">Owner</label><select id="new-action-owner" '
        'name="owner"><option value="me">Me</option><option value="other">'
        f'{e(meeting.other_first)}</option></select><label class="sr-only" for="new-action-due">Due'
        '</label><input type="date" id="new-action-due" name="due_on"><button class="btn '
        'btn-primary" type="submit">Add</button></form></section>'
    )


def action_html(meeting: Meeting, item: sqlite3.Row, inputs: str, *, show_age: bool) -> str:
    """actions/_item.html."""
    reader, today = meeting.reader, meeting.reader.today
    done_at, due = moment(item["done_at"], reader.zone), day(item["due_on"])
    text, base = e(item["text"]), f"/occurrences/{meeting.id}/actions/{item['id']}"
    meta = f"<span>{'You' if item['owner_id'] == reader.id else e(first(item['owner']))}</span>"
    if item["owner_id"] == meeting.row["lead_id"]:
        meta += '<span class="badge badge-accent" title="Something the manager committed to">Commitment</span>'
    if due:
        meta += f"<span>due {jm(due)}</span>"
    if done_at is None and due and due < today:
        meta += '<span class="badge badge-danger">Overdue</span>'
    if done_at is None and show_age:
        created = datetime.fromisoformat(
            item["created_at"]
        ).date()  # Showup counts from its UTC date
        age = (today - created).days
        meta += f"<span>open {age} day{plural(age)}</span>"
    if done_at:
        meta += f'<span class="badge badge-ok">Done {jm(done_at)}</span>'
    remove = (
        f'<form method="post" action="{base}/delete/" hx-post="{base}/delete/" hx-target="#actions" '
        f'hx-swap="outerHTML" hx-confirm="Remove this action item?" class="inline">{inputs}<button '
        f'class="btn btn-sm btn-quiet" type="submit" aria-label="Remove “{text}”">✕</button></form>'
        if item["created_by_id"] == reader.id and done_at is None
        else ""
    )
    return (
        f'<li class="action-item{" is-done" if done_at else ""}"><form class="point-check" '
        f'method="post" action="{base}/done/" hx-post="{base}/done/" hx-trigger="change" '
        f'hx-target="#actions" hx-swap="outerHTML">{inputs}<input type="checkbox" name="done" '
        f'id="done-{item["id"]}" {"checked" if done_at else ""} aria-label="Done: {text}"><noscript>'
        '<button class="btn btn-sm" type="submit">Save</button></noscript></form><div '
        f'class="point-body"><label for="done-{item["id"]}" class="point-text">{text}</label><div '
        f'class="point-meta small muted">{meta}</div></div>{remove}</li>'
    )


def outcome_html(meeting: Meeting, moves: list[sqlite3.Row], inputs: str) -> str:
    """meetings/_occurrence_outcome.html: what can be done about the 1:1 now, or its outcome."""
    row, now, base = meeting.row, meeting.reader.now, f"/occurrences/{meeting.id}"
    state, by = row["state"], row["outcome_by"]

    def button(action: str, label: str, style: str = "btn") -> str:
        return (
            f'<form method="post" action="{base}/{action}/" class="inline">{inputs}<button '
            f'class="{style}" type="submit">{label}</button></form>'
        )

    if state == "scheduled":
        heading = "Did it happen?" if meeting.end < now else "Plans"
        if meeting.end < now:
            doing = button("held", "We held it", "btn btn-primary") + button(
                "missed", "It didn't happen"
            )
        elif meeting.start <= now:
            doing = button("held", "Mark held", "btn btn-primary")
        else:
            doing = (
                f'<a class="btn" href="{base}/reschedule/">Move it</a><a class="btn btn-quiet" '
                f'href="{base}/cancel/">Cancel…</a><a class="btn btn-quiet" href="{base}/invite.ics">'
                "Download invite (.ics)</a>"
            )
        said = f'<div class="actions">{doing}</div>' + skip_html(base, inputs)
    else:
        heading = "Outcome"
        note = f" “{e(row['outcome_note'])}”" if row["outcome_note"] else ""
        said = {
            "held": f"<p>Held{f', recorded by {e(first(by))}' if by else ''}.</p>",
            "skipped": f"<p>Skipped by {e(by or 'someone')}: nothing to discuss this time.{note}</p>",
            "cancelled": f"<p>Cancelled by <strong>{e(by or '')}</strong>.{note}</p>",
            "missed": '<p>Missed: its time passed and it did not happen.</p><div class="actions">'
            + button("held", "Actually, we held it")
            + "</div>",
        }.get(state, "")
        if state in ("skipped", "cancelled") and meeting.start > now:
            said += button("restore", "Put it back on", "btn btn-sm")
    if moves:
        listed = "".join(
            f"<li>{e(first(move['c']))} moved it from {moved(move['a'], meeting)} to "
            f"{moved(move['b'], meeting)}{f': “{e(move[2])}”' if move[2] else ''}</li>"
            for move in moves
        )
        said += f'<h3>Moves</h3><ul class="list small">{listed}</ul>'
    return (
        f'<section class="card" aria-labelledby="outcome-heading"><h2 id="outcome-heading">'
        f"{heading}</h2>{said}</section>"
    )


def moved(text: str, meeting: Meeting) -> str:
    when = moment(text, meeting.reader.zone)
    assert when
    return f"{djm(when)}, {when:%H:%M}"


def skip_html(base: str, inputs: str) -> str:
    return (
        '<details class="skip"><summary class="btn btn-sm btn-quiet">Nothing to discuss this time? '
        f'Skip it</summary><form method="post" action="{base}/skip/" class="form">{inputs}<div '
        'class="field"><label for="id_note">Note <span class="muted small">(optional)</span></label>'
        '<textarea name="note" cols="40" rows="2" maxlength="500" id="id_note">\n</textarea></div>'
        '<p class="small muted">Skipping is fine now and then, and it is not a cancellation. Just '
        "don't let a long time pass. Open points move to your next 1:1; put this one back on and "
        'they come back.</p><div class="actions"><button class="btn" type="submit">Skip this one'
        "</button></div></form></details>"
    )


def panel_html(
    meeting: Meeting, lists: dict[str, list[sqlite3.Row]], actions: list[sqlite3.Row], inputs: str
) -> str:
    """pages/_side_panel.html: the report's answers, what matters now, feedback to give."""
    return (
        pulse_html(meeting, inputs)
        + now_html(meeting, lists, actions, inputs)
        + give_feedback_html(meeting, inputs)
    )


def pulse_html(meeting: Meeting, inputs: str) -> str:
    row = meeting.row
    if not meeting.is_manager_pair:  # asked of a report about their manager's 1:1 only
        return ""
    if not meeting.is_member:
        check_in = (
            f"<strong>{row['check_in']}</strong> of 5" if row["check_in"] else "not answered"
        )
        rating = f"<strong>{row['rating']}</strong> of 5" if row["rating"] else "not answered"
        heading = f"{e(first(row['member_name']))}'s answers"
        said = f'<p class="small">Check-in: {check_in} · Rating: {rating}</p>'
    else:
        held = row["state"] == "held"
        action, score = ("rating", row["rating"]) if held else ("check-in", row["check_in"])
        legend = (
            "How useful was this 1:1? (1 not at all, 5 very)"
            if held
            else "How are you, really? (1 rough, 5 great)"
        )
        buttons = "".join(
            f'<button class="btn btn-sm{" btn-primary" if score == value else ""}" type="submit" '
            f'name="score" value="{value}" aria-pressed="{"true" if score == value else "false"}">'
            f"{value}</button>"
            for value in range(1, 6)
        )
        heading = "Before and after"
        said = (
            f'<form method="post" action="/occurrences/{meeting.id}/{action}/" class="stack-sm">'
            f'{inputs}<fieldset class="scores"><legend>{legend}</legend>{buttons}</fieldset></form>'
            f'<p class="small muted">Only you and {e(first(row["lead_name"]))} see your answers.</p>'
        )
    return (
        f'<section class="card" aria-labelledby="pulse-heading"><h2 id="pulse-heading">{heading}'
        f"</h2>{said}</section>"
    )


def now_html(
    meeting: Meeting, lists: dict[str, list[sqlite3.Row]], actions: list[sqlite3.Row], inputs: str
) -> str:
    """What matters now: overdue commitments, concerns, feedback, milestones, the career prompt."""
    reader, row, parts = meeting.reader, meeting.row, ""
    overdue = sorted(
        (
            item
            for item in actions
            if item["owner_id"] == row["lead_id"]
            and item["done_at"] is None
            and item["due_on"]
            and day(item["due_on"]) < reader.today  # type: ignore[operator]
        ),
        key=lambda item: item["due_on"],
    )
    if overdue:
        items = "".join(
            f'<li><span class="badge badge-danger">Overdue</span> {e(item["text"])} <span '
            f'class="small muted">(due {jm(day(item["due_on"]))})</span></li>'  # type: ignore[arg-type]
            for item in overdue
        )
        parts += f'<h3 class="eyebrow">Overdue commitments</h3><ul class="panel-list">{items}</ul>'
    concerns, feedback, milestones = (
        lists.get(kind, []) for kind in ("concern", "feedback", "milestone")
    )
    if concerns:
        parts += concerns_html(meeting, concerns, inputs)
    if feedback:
        items = "".join(
            f'<li><span class="badge {"badge-ok" if item["a"] == "praise" else "badge-accent"}">'
            f"{item['a'].capitalize()}</span> {'You' if item['b'] == reader.id else e(first(item['c']))}"
            f': {e(truncated(item["text"], 120))}\n<form method="post" action="/feedback/'
            f'{item["id"]}/discussed/" class="inline">{inputs}<input type="hidden" name="occurrence" '
            f'value="{meeting.id}"><button class="btn btn-sm btn-quiet" type="submit">Talked through'
            "</button></form></li>"
            for item in feedback
        )
        parts += (
            f'<h3 class="eyebrow">Feedback to talk through</h3><ul class="panel-list">{items}</ul>'
        )
    if milestones:
        items = "".join(
            f'<li>{e(item["text"])} <span class="small muted">by {jm(day(item["a"]))}</span></li>'  # type: ignore[arg-type]
            for item in milestones
        )
        parts += (
            f'<h3 class="eyebrow">Career milestones due</h3><ul class="panel-list">{items}</ul>'
        )
    if not (overdue or concerns or feedback or milestones):
        parts += (
            '<p class="small muted">Nothing pressing: no overdue commitments, open feedback or due '
            "milestones.</p>"
        )
    return (
        '<section class="card" aria-labelledby="now-heading"><h2 id="now-heading">What matters now'
        f"</h2>{parts}{career_html(meeting, inputs)}</section>"
    )


def concerns_html(meeting: Meeting, concerns: list[sqlite3.Row], inputs: str) -> str:
    items = ""
    for concern in concerns:
        raised = moment(concern["a"], meeting.reader.zone)
        assert raised
        acknowledge = (
            '<details><summary class="small">Acknowledge</summary><form method="post" '
            f'action="/observations/{concern["id"]}/acknowledge/" class="form">{inputs}'
            f'<input type="hidden" name="occurrence" value="{meeting.id}"><div class="field"><label '
            'for="id_comment">Your comment <span class="muted small">(optional)</span></label>'
            '<textarea name="comment" cols="40" rows="2" id="id_comment">\n</textarea></div><div '
            'class="actions"><button class="btn btn-sm" type="submit">Acknowledge</button></div>'
            "</form></details>"
            if meeting.is_member
            else ""
        )
        items += (
            f'<li>{e(truncated(concern["text"], 120))} <span class="small muted">(raised '
            f"{jm(raised)})</span>{acknowledge}</li>"
        )
    return f'<h3 class="eyebrow">Concerns raised, not acknowledged yet</h3><ul class="panel-list">{items}</ul>'


def career_html(meeting: Meeting, inputs: str) -> str:
    row, reader = meeting.row, meeting.reader
    if not meeting.is_manager_pair:
        return ""
    last = day(row["last_career"])
    parts = ""
    if last is None or last < reader.today - timedelta(days=row["career_prompt_days"]):
        said = (
            f"The last career conversation was on {last.day} {last:%b %Y}."
            if last
            else "No career conversation yet."
        )
        who = "you want" if meeting.is_member else f"{e(first(row['member_name']))} wants"
        parts += (
            f'<p class="alert alert-info small">{said} Time to talk about where {who} to go? <a '
            f'href="/pairs/{meeting.pair}/career/">Career plan</a></p>'
        )
    if meeting.start <= reader.now:
        held = bool(row["is_career"])
        label = (
            "Not a career conversation after all" if held else "This 1:1 was a career conversation"
        )
        parts += (
            f'<form method="post" action="/occurrences/{meeting.id}/career-conversation/" '
            f'class="inline">{inputs}<input type="hidden" name="held" value="{"off" if held else "on"}">'
            f'<button class="btn btn-sm" type="submit">{label}</button></form>'
        )
    return parts


def give_feedback_html(meeting: Meeting, inputs: str) -> str:
    row, reader, other = meeting.row, meeting.reader, e(meeting.other_first)
    last = moment(row["last_given"], reader.zone)
    prompt = ""
    if last is None or last < reader.now - timedelta(days=row["feedback_prompt_days"]):
        said = (
            f"Your last feedback to {other} was {jm(last)}."
            if last
            else f"You haven't given {other} feedback here yet."
        )
        prompt = f'<p class="small muted">{said} What\'s one thing that worked, or one thing to try?</p>'
    return (
        '<section class="card" aria-labelledby="give-feedback-heading"><h2 '
        f'id="give-feedback-heading">Feedback for {other}</h2>{prompt}<form method="post" '
        f'action="/pairs/{meeting.pair}/feedback/" class="form" novalidate>{inputs}<input '
        f'type="hidden" name="occurrence" value="{meeting.id}"><div class="field"><label for="">Kind'
        '</label><div id="id_kind"><div><label for="id_kind_0"><input type="radio" name="kind" '
        'value="praise" required id="id_kind_0" checked>\n Praise</label></div><div><label '
        'for="id_kind_1"><input type="radio" name="kind" value="suggestion" required id="id_kind_1">'
        '\n Suggestion</label></div></div></div><div class="field"><label for="id_text">Your '
        'feedback</label><textarea name="text" cols="40" rows="3" maxlength="2000" required '
        'id="id_text">\n</textarea></div><div class="actions"><button class="btn btn-sm '
        'btn-primary" type="submit">Give feedback</button></div></form></section>'
    )


def record_html(meeting: Meeting, actions: list[sqlite3.Row]) -> str:
    """Follow-through: each person's action items done on time, late, overdue and open."""
    row, reader = meeting.row, meeting.reader
    counts = {owner: [0, 0, 0, 0] for owner in (row["lead_id"], row["member_id"])}
    for item in actions:
        count = counts.get(item["owner_id"])
        if count is None:
            continue
        done_at, due = moment(item["done_at"], reader.zone), day(item["due_on"])
        if done_at is None:
            count[3] += 1
            count[2] += bool(due and due < reader.today)
        else:
            count[1 if due and done_at.date() > due else 0] += 1

    def line(owner: int, name: str, what: str, kept: str) -> str:
        on_time, late, overdue, open_ = counts[owner]
        overdue_said = (
            f'<strong class="error-text">{overdue} overdue</strong>' if overdue else "none overdue"
        )
        return (
            f'<p><strong>{e(first(name))}\'s {what}</strong><br><span class="small">{on_time} '
            f"{kept} on time · {late} late · {overdue_said} · {open_} open</span></p>"
        )

    other, pair = e(meeting.other_first), meeting.pair
    career = (
        f'<a href="/pairs/{pair}/career/">Career plan</a> ·' if meeting.is_manager_pair else ""
    )
    return (
        '<section class="card" aria-labelledby="record-heading"><h2 id="record-heading">'
        "Follow-through</h2>"
        + line(row["lead_id"], row["lead_name"], "commitments", "kept")
        + line(row["member_id"], row["member_name"], "actions", "done")
        + f'</section><nav class="card small" aria-label="This pair"><a href="/pairs/{pair}/">All '
        f'1:1s with {other}</a> · <a href="/pairs/{pair}/history/">History</a> · <a href="/pairs/'
        f'{pair}/blockers/">Harder than it should be</a> · {career} <a href="/search/">Search</a>'
        "</nav>"
    )


# Home ----------------------------------------------------------------------------------

# The reader, their manager, whether they lead anyone, and their open calendar questions.
HOME_SQL = f"""
    SELECT {READER_COLUMNS}, m.name AS manager_name, m.title AS manager_title,
           m.is_active AS manager_active,
           EXISTS (SELECT 1 FROM people_person x WHERE x.manager_id = r.id AND x.is_active) AS leads,
           (SELECT COUNT(*) FROM calendars_question q
              JOIN calendars_syncedevent v ON v.id = q.event_id
              JOIN calendars_connection c ON c.id = v.connection_id
             WHERE c.person_id = r.id AND q.answered_at IS NULL) AS questions
      FROM people_person r LEFT JOIN people_person m ON m.id = r.manager_id
     WHERE r.id = ? AND r.is_active
"""
MY_PAIRS = "SELECT id FROM meetings_pair WHERE lead_id = :reader OR member_id = :reader"
# The next six 1:1s and the last ten awaiting an outcome, with the other person of each.
DATES_SQL = f"""
    SELECT * FROM (
        SELECT 'next' AS kind, o.id, o.start, o."end", o.original_start,
               w.name AS other, w.timezone AS other_zone
          FROM meetings_occurrence o JOIN meetings_pair p ON p.id = o.pair_id
          JOIN people_person w ON w.id = CASE WHEN p.lead_id = :reader THEN p.member_id ELSE p.lead_id END
         WHERE o.pair_id IN ({MY_PAIRS}) AND o.state = 'scheduled' AND o."end" >= :now
         ORDER BY o.start LIMIT 6)
    UNION ALL
    SELECT * FROM (
        SELECT 'awaiting', o.id, o.start, o."end", o.original_start, w.name, w.timezone
          FROM meetings_occurrence o JOIN meetings_pair p ON p.id = o.pair_id
          JOIN people_person w ON w.id = CASE WHEN p.lead_id = :reader THEN p.member_id ELSE p.lead_id END
         WHERE o.pair_id IN ({MY_PAIRS}) AND o.state = 'scheduled' AND o."end" < :now
         ORDER BY o.start DESC LIMIT 10)
"""
# Each of the reader's pairs with a current series: the gap rule's facts (meetings/gaps.py)
# for the active ones (the dates after the last held 1:1 that stop or stretch the count),
# and the series proposed to or by the reader.
SERIES_SQL = f"""
    SELECT s.id, s.pair_id, s.status, s.rule, s.max_gap_days, s.first_start, s.created_by_id,
           c.name AS created_by, w.name AS other, y.last_held_at, y.first_start AS first_date,
           (SELECT MIN(o.start) FROM meetings_occurrence o
             WHERE o.pair_id = s.pair_id AND o.state = 'scheduled' AND o."end" <= :now
               AND o."end" > :answer_by AND o.start <= :now
               AND o.start > COALESCE(y.last_held_at, y.first_start)) AS awaiting,
           (SELECT COUNT(*) FROM meetings_occurrence o
             WHERE o.pair_id = s.pair_id AND o.state = 'skipped' AND o.outcome_note <> ''
               AND o.start <= :now AND o.start > COALESCE(y.last_held_at, y.first_start)) AS noted
      FROM meetings_series s JOIN meetings_pair p ON p.id = s.pair_id
      JOIN people_person c ON c.id = s.created_by_id
      JOIN people_person w ON w.id = CASE WHEN p.lead_id = :reader THEN p.member_id ELSE p.lead_id END
      LEFT JOIN meetings_pairsummary y ON y.pair_id = s.pair_id
     WHERE s.pair_id IN ({MY_PAIRS}) AND s.status IN ('active', 'proposed')
"""
# The manager's direct reports, each with their current series, summary and next 1:1.
REPORTS_SQL = """
    SELECT w.id, w.name, w.title, s.id AS series, s.pair_id, s.status, s.rule,
           y.last_held_at, y.streak,
           (SELECT MIN(o.start) FROM meetings_occurrence o WHERE o.pair_id = s.pair_id
             AND o.state = 'scheduled' AND o."end" >= :now) AS next_start
      FROM people_person w
      LEFT JOIN meetings_pair p ON p.lead_id = :reader AND p.member_id = w.id
      LEFT JOIN meetings_series s ON s.pair_id = p.id AND s.status IN ('proposed', 'active', 'paused')
      LEFT JOIN meetings_pairsummary y ON y.pair_id = s.pair_id
     WHERE w.manager_id = :reader AND w.is_active
     ORDER BY w.name
"""
BLOCKERS_SQL = """
    SELECT b.text, b.created_at, b.pair_id, w.name
      FROM feedback_blocker b JOIN meetings_pair p ON p.id = b.pair_id
      JOIN people_person w ON w.id = b.raised_by_id
     WHERE p.lead_id = ? AND p.relation = 'manager' AND b.status = 'open'
     ORDER BY b.created_at
"""


@dataclass(frozen=True)
class Gap:
    days: int
    allowed: int
    max_gap_days: int
    never_held: bool


def gap_of(series: sqlite3.Row, now: datetime) -> Gap | None:
    """meetings/gaps.py's rule, read from the counts SERIES_SQL made: None unless over."""
    since_text = series["last_held_at"] or series["first_date"]
    since = moment(since_text, UTC)
    if series["status"] != "active" or since is None or since > now:
        return None
    awaiting = moment(series["awaiting"], UTC)
    grace = min(series["noted"], NOTED_SKIP_GRACE) * typical_interval_days(series["rule"])
    gap = Gap(
        days=(min(now, awaiting or now) - since).days,
        allowed=series["max_gap_days"] + round(grace),
        max_gap_days=series["max_gap_days"],
        never_held=series["last_held_at"] is None,
    )
    return gap if gap.days > gap.allowed else None


def days_since(text: str, reader: Reader) -> int:
    when = moment(text, reader.zone)
    assert when
    return (reader.today - when.date()).days


def home_page(
    db: sqlite3.Connection,
    person: int,
    session_hash: str,
    environ: dict[str, Any],
    parts: list[str],
) -> str | None:
    found = named(db, HOME_SQL, (person,))
    reader = reader_from(found[0] if found else None, session_hash)
    if reader is None:
        return None
    me, now = found[0], stamp_text(reader.now)
    where = {"reader": reader.id, "now": now}
    dates = named(db, DATES_SQL, where)
    answer_by = stamp_text(reader.now - timedelta(days=MISSED_AFTER_DAYS))
    series = named(db, SERIES_SQL, {**where, "answer_by": answer_by})
    gaps = {row["pair_id"]: gap for row in series if (gap := gap_of(row, reader.now))}
    reports = named(db, REPORTS_SQL, where) if me["leads"] else []
    blockers = named(db, BLOCKERS_SQL, (reader.id,)) if me["leads"] else []
    token, inputs = secrets.token_urlsafe(48), form_inputs()
    questions = me["questions"]
    asked = (
        f'<p class="alert alert-warning" role="status">Your calendar and Showup disagree about '
        f"{questions} date{plural(questions)}. Nothing changes until you answer: <a "
        f'href="/settings/calendar-sync/">answer {"it" if questions == 1 else "them"}</a>.</p>'
        if questions
        else ""
    )
    main = (
        f'<div class="page-header"><div><h1>Hello, {e(first(reader.name))}</h1><p class="muted">'
        f"{reader.now:%A} {reader.now.day} {reader.now:%B, %H:%M} in {reader.zone.key}</p></div>"
        '<div class="actions"><a class="btn" href="/calendar/">Add to your calendar</a><a '
        'class="btn btn-primary" href="/series/new/">Set up a 1:1</a></div></div>'
        f"{asked}"
        '<div class="stack">'
        + proposals_html(reader, series, inputs)
        + alerts_html(series, gaps)
        + '<div class="grid grid-2">'
        + upcoming_html(reader, [row for row in dates if row["kind"] == "next"])
        + awaiting_html(reader, [row for row in dates if row["kind"] == "awaiting"], inputs)
        + "</div>"
        + reports_html(reader, reports, gaps)
        + (blockers_html(reader, blockers) if me["leads"] else "")
        + manager_html(me)
        + "</div>"
    )
    return frame(reader, "Home", main, token, inputs)


def proposals_html(reader: Reader, series: list[sqlite3.Row], inputs: str) -> str:
    said = ""
    for row in series:
        if row["status"] != "proposed":
            continue
        rule = describe_rule(row["rule"])
        if row["created_by_id"] == reader.id:
            said += (
                f'<p class="alert alert-info">You proposed a 1:1 to {e(row["other"])} ({e(rule)}). '
                f'Waiting for them to accept. <a href="/pairs/{row["pair_id"]}/">See it</a></p>'
            )
            continue
        start = moment(row["first_start"], reader.zone)
        assert start
        said += (
            f'<div class="alert alert-info row row-between"><span><strong>{e(row["created_by"])}'
            f"</strong> proposed a 1:1: {e(rule.lower())}, {start:%H:%M}, from {jm(start)}.</span>"
            f'<span class="actions"><form method="post" action="/series/{row["id"]}/accept/" '
            f'class="inline">{inputs}<button class="btn btn-sm btn-primary" type="submit">Accept'
            f'</button></form><form method="post" action="/series/{row["id"]}/decline/" '
            f'class="inline">{inputs}<button class="btn btn-sm" type="submit">Decline</button>'
            "</form></span></div>"
        )
    return said


def alerts_html(series: list[sqlite3.Row], gaps: dict[int, Gap]) -> str:
    other = {row["pair_id"]: row["other"] for row in series}
    said = ""
    for pair, gap in sorted(gaps.items(), key=lambda item: -item[1].days):
        grace = gap.allowed - gap.max_gap_days
        said += (
            f'<p class="alert alert-warning" role="alert"><strong>No 1:1 with {e(other[pair])} for '
            f"{gap.days} days</strong>{' (none held yet)' if gap.never_held else ''}: longer than "
            f"the {gap.max_gap_days} days you agreed on"
            f"{f', {grace} more for skips with a note' if grace else ''}.\n"
            f'<a href="/pairs/{pair}/next/">Make the next one happen</a></p>'
        )
    return said


def upcoming_html(reader: Reader, upcoming: list[sqlite3.Row]) -> str:
    items = ""
    for row in upcoming:
        start, end = moment(row["start"], reader.zone), moment(row["end"], reader.zone)
        assert start
        assert end
        moved = (
            ' · <span class="badge badge-accent">Moved</span>'
            if row["start"] != row["original_start"]
            else ""
        )
        items += (
            f'<li class="row row-between"><a class="person-line" href="/occurrences/{row["id"]}/">'
            f'<span class="avatar" aria-hidden="true">{e(initials(row["other"]))}</span><span '
            f'class="who"><strong>{e(row["other"])}</strong><span class="small muted">'
            f"{when_html(start, end, row['other'], row['other_zone'])}</span></span></a><span "
            f'class="small muted nowrap">{relative_day(start, reader.today)}{moved}</span></li>'
        )
    listed = (
        f'<ul class="list">{items}</ul>'
        if items
        else '<p class="empty">Nothing scheduled. <a href="/series/new/">Set up a 1:1</a>.</p>'
    )
    return (
        '<section class="card" aria-labelledby="next-heading"><div class="card-header"><h2 '
        f'id="next-heading">Next 1:1s</h2></div>{listed}</section>'
    )


def awaiting_html(reader: Reader, awaiting: list[sqlite3.Row], inputs: str) -> str:
    items = ""
    for row in awaiting:
        start = moment(row["start"], reader.zone)
        assert start
        forms = "".join(
            f'<form method="post" action="/occurrences/{row["id"]}/{action}/" class="inline">'
            f'{inputs}<input type="hidden" name="back" value="home"><button class="btn btn-sm'
            f'{style}" type="submit">{label}</button></form>'
            for action, style, label in (
                ("held", " btn-primary", "Held"),
                ("skip", "", "Skipped"),
                ("missed", " btn-quiet", "Didn't happen"),
            )
        )
        items += (
            f'<li><div class="row row-between"><a href="/occurrences/{row["id"]}/"><strong>'
            f'{e(row["other"])}</strong></a><span class="small muted">{djm(start)}, {start:%H:%M}'
            f'</span></div><div class="actions">{forms}</div></li>'
        )
    listed = (
        f'<ul class="list">{items}</ul>'
        if items
        else '<p class="muted">Every past 1:1 has an outcome. Thank you.</p>'
    )
    return (
        '<section class="card" aria-labelledby="awaiting-heading"><div class="card-header"><h2 '
        f'id="awaiting-heading">Did it happen?</h2></div>{listed}</section>'
    )


def reports_html(reader: Reader, reports: list[sqlite3.Row], gaps: dict[int, Gap]) -> str:
    if not reports:
        return ""
    rows = "".join(report_row(reader, row, gaps) for row in reports)
    return (
        '<section class="card flush" aria-labelledby="team-heading"><div class="card-header"><h2 '
        f'id="team-heading">Your team\'s 1:1s</h2><span class="small muted">{len(reports)} direct '
        f'report{plural(len(reports))}</span></div><div class="table-wrap" tabindex="0" '
        'role="region" aria-label="Your team\'s 1:1s as a table"><table class="table '
        'stack-on-phone"><thead><tr><th scope="col">Person</th><th scope="col">Cadence</th><th '
        'scope="col">Next</th><th scope="col">Last held</th><th scope="col" class="num">Streak</th>'
        f'<th scope="col">Status</th></tr></thead><tbody>{rows}</tbody></table></div></section>'
    )


def report_row(reader: Reader, row: sqlite3.Row, gaps: dict[int, Gap]) -> str:
    name = e(row["name"])
    if row["series"] is None:
        return (
            f'<tr><td data-label="Person">{name}<br><span class="small muted">{e(row["title"])}'
            '</span></td><td data-label="Cadence">—</td><td data-label="Next">—</td><td '
            'data-label="Last held">never</td><td data-label="Streak" class="num">0</td><td '
            'data-label="Status"><span class="badge badge-danger">No 1:1 series</span> <a '
            f'class="btn btn-sm" href="/series/new/?with={row["id"]}">Set up</a></td></tr>'
        )
    next_start = moment(row["next_start"], reader.zone)
    held = "never"
    if row["last_held_at"]:
        days = days_since(row["last_held_at"], reader)
        held = "today" if days == 0 else f"{days} day{plural(days)} ago"
    gap = gaps.get(row["pair_id"])
    status = {
        "proposed": '<span class="badge badge-accent">Proposed</span>',
        "paused": '<span class="badge">Paused</span>',
    }.get(
        row["status"],
        f'<span class="badge badge-warn">Gap: {gap.days} days</span>'
        if gap
        else '<span class="badge badge-ok">On track</span>',
    )
    return (
        f'<tr><td data-label="Person"><a href="/pairs/{row["pair_id"]}/">{name}</a><br><span '
        f'class="small muted">{e(row["title"])}</span></td><td data-label="Cadence">'
        f'{e(describe_rule(row["rule"]))}</td><td data-label="Next">'
        f"{f'{djm(next_start)}, {next_start:%H:%M}' if next_start else '—'}</td><td "
        f'data-label="Last held">{held}</td><td data-label="Streak" class="num">'
        f'{row["streak"] or 0}</td><td data-label="Status">{status}</td></tr>'
    )


def blockers_html(reader: Reader, blockers: list[sqlite3.Row]) -> str:
    items = ""
    for row in blockers:
        days = days_since(row["created_at"], reader)
        items += (
            f'<li class="row row-between"><span><strong>{e(row["name"])}</strong>: '
            f'{e(truncated(row["text"], 110))}</span><span class="row"><span class="badge '
            f'{"badge-danger" if days > 14 else "badge-warn"}">open {days} days</span><a class="btn '
            f'btn-sm" href="/pairs/{row["pair_id"]}/blockers/">Act on it</a></span></li>'
        )
    listed = (
        f'<ul class="list">{items}</ul>'
        if items
        else '<p class="muted">Nothing open from your team. Ask them what is slowing them down.</p>'
    )
    return (
        '<section class="card" aria-labelledby="blockers-heading"><div class="card-header"><h2 '
        'id="blockers-heading">Harder than it should be</h2><span class="actions"><a class="btn '
        'btn-sm btn-primary" href="/insights/">Insights: what to act on</a><a class="btn btn-sm" '
        f'href="/team/">Blockers, feedback, concerns</a></span></div>{listed}</section>'
    )


def manager_html(me: sqlite3.Row) -> str:
    if not me["manager_id"]:
        return ""
    muted = "" if me["manager_active"] else " muted-avatar"
    return (
        '<section class="card" aria-labelledby="manager-heading"><h2 id="manager-heading">Your '
        f'manager</h2><a class="person-line" href="/people/{me["manager_id"]}/"><span class="avatar'
        f'{muted}" aria-hidden="true">{e(initials(me["manager_name"]))}</span><span class="who">'
        f'<strong>{e(me["manager_name"])}</strong><span class="muted small">'
        f"{e(me['manager_title'] or '—')}</span></span></a></section>"
    )


# The pair page ---------------------------------------------------------------------------

RELATIONS = {"manager": "Manager and report", "skip-level": "Skip-level"}
RELATIONS.update({"mentor": "Mentor and mentee", "peer": "Peers"})
EVENTS = {"created": "set up the 1:1", "proposed": "proposed the 1:1"}
EVENTS.update({"accepted": "accepted the 1:1", "declined": "declined the 1:1"})
EVENTS.update({"changed": "changed the schedule", "paused": "paused the 1:1"})
EVENTS.update({"resumed": "resumed the 1:1", "ended": "ended the 1:1"})

# The reader, the pair, the other person, its current series and summary, the gap rule's
# dates (as SERIES_SQL counts them) and how many 1:1s are past (for the history's pages).
PAIR_SQL = f"""
    SELECT {READER_COLUMNS}, p.id AS pair, p.relation, p.lead_id, p.member_id,
           p.feedback_prompt_days, p.career_prompt_days, lead.name AS lead_name,
           member.name AS member_name, w.id AS other_id, w.name AS other, w.title AS other_title,
           w.timezone AS other_zone, s.id AS series, s.status, s.rule, s.first_start,
           s.timezone AS series_zone, s.duration_minutes, s.location, s.max_gap_days,
           s.created_by_id, y.held, y.streak, y.last_held_at, y.first_start AS first_date,
           y.cancelled, y.cancelled_by_lead, y.cancelled_by_member,
           (SELECT MIN(o.start) FROM meetings_occurrence o
             WHERE o.pair_id = p.id AND o.state = 'scheduled' AND o."end" <= :now
               AND o."end" > :answer_by AND o.start <= :now
               AND o.start > COALESCE(y.last_held_at, y.first_start)) AS awaiting,
           (SELECT COUNT(*) FROM meetings_occurrence o
             WHERE o.pair_id = p.id AND o.state = 'skipped' AND o.outcome_note <> ''
               AND o.start <= :now AND o.start > COALESCE(y.last_held_at, y.first_start)) AS noted,
           (SELECT COUNT(*) FROM meetings_occurrence o WHERE o.pair_id = p.id AND o."end" < :now) AS past
      FROM meetings_pair p
      JOIN people_person r ON r.id = :reader AND r.is_active
      JOIN people_person lead ON lead.id = p.lead_id
      JOIN people_person member ON member.id = p.member_id
      JOIN people_person w ON w.id = CASE WHEN p.lead_id = r.id THEN p.member_id ELSE p.lead_id END
      LEFT JOIN meetings_series s ON s.pair_id = p.id AND s.status IN ('proposed', 'active', 'paused')
      LEFT JOIN meetings_pairsummary y ON y.pair_id = p.id
     WHERE p.id = :pair AND (p.lead_id = r.id OR p.member_id = r.id)
"""
# What is coming (8), a page of the past (20, newest first) and the latest changes (12).
PAIR_DATES_SQL = """
    SELECT * FROM (
        SELECT 'next' AS kind, o.id, o.start, o."end", o.original_start, o.state, NULL AS by,
               NULL AS detail
          FROM meetings_occurrence o
         WHERE o.pair_id = :pair AND o."end" >= :now AND o.state <> 'missed'
         ORDER BY o.start LIMIT 8)
    UNION ALL
    SELECT * FROM (
        SELECT 'past', o.id, o.start, o."end", o.original_start, o.state, b.name, o.outcome_at
          FROM meetings_occurrence o LEFT JOIN people_person b ON b.id = o.outcome_by_id
         WHERE o.pair_id = :pair AND o."end" < :now
         ORDER BY o.start DESC LIMIT :size OFFSET :offset)
    UNION ALL
    SELECT * FROM (
        SELECT 'event', v.id, v.at, NULL, NULL, v.kind, b.name, v.detail
          FROM meetings_seriesevent v JOIN people_person b ON b.id = v.by_id
         WHERE v.pair_id = :pair ORDER BY v.at DESC, v.id DESC LIMIT 12)
"""


def pair_reader(
    db: sqlite3.Connection, person: int, session_hash: str, pair: int
) -> tuple[Reader, sqlite3.Row] | None:
    now = datetime.now(UTC)
    found = named(
        db,
        PAIR_SQL,
        {
            "reader": person,
            "pair": pair,
            "now": stamp_text(now),
            "answer_by": stamp_text(now - timedelta(days=MISSED_AFTER_DAYS)),
        },
    )
    reader = reader_from(found[0] if found else None, session_hash)
    return (reader, found[0]) if reader else None


def pair_page(
    db: sqlite3.Connection,
    person: int,
    session_hash: str,
    environ: dict[str, Any],
    parts: list[str],
) -> str | None:
    found = pair_reader(db, person, session_hash, int(parts[1]))
    if found is None:
        return None
    reader, pair = found
    number, pages = page_number(environ, pair["past"], HISTORY_PAGE)
    dates = named(
        db,
        PAIR_DATES_SQL,
        {
            "pair": pair["pair"],
            "now": stamp_text(reader.now),
            "size": HISTORY_PAGE,
            "offset": (number - 1) * HISTORY_PAGE,
        },
    )
    token, inputs = secrets.token_urlsafe(48), form_inputs()
    upcoming = [row for row in dates if row["kind"] == "next"]
    main = (
        privacy_note(first(pair["other"]))
        + pair_header(pair, reader, inputs)
        + pair_tabs(pair["pair"], pair["relation"], "")
        + '<div class="stack">'
        + pair_alert(pair, reader)
        + pair_stats(pair, reader)
        + '<div class="with-sidebar"><div class="stack">'
        + upcoming_list(pair, reader, upcoming)
        + past_list(pair, reader, [row for row in dates if row["kind"] == "past"], number, pages)
        + '</div><aside class="stack">'
        + schedule_html(pair, reader, upcoming)
        + rhythms_html(pair, inputs)
        + events_html(reader, [row for row in dates if row["kind"] == "event"])
        + "</aside></div></div>"
    )
    return frame(reader, f"1:1 with {pair['other']}", main, token, inputs)


def pair_header(pair: sqlite3.Row, reader: Reader, inputs: str) -> str:
    series, status = pair["series"], pair["status"]

    def post(action: str, label: str, style: str, confirm: str = "") -> str:
        asks = f' data-confirm="{confirm}"' if confirm else ""
        return (
            f'<form method="post" action="/series/{series}/{action}/" class="inline"{asks}>{inputs}'
            f'<button class="{style}" type="submit">{label}</button></form>'
        )

    end = post("end", "End", "btn btn-danger", "End this 1:1 series? Its history stays.")
    if status == "active":
        pause = "Pause this 1:1? Nothing is scheduled until one of you resumes it."
        actions = f'<a class="btn" href="/series/{series}/change/">Change schedule</a>'
        actions += post("pause", "Pause", "btn", pause) + end
    elif status == "paused":
        actions = f'<a class="btn btn-primary" href="/series/{series}/resume/">Resume</a>{end}'
    elif status == "proposed" and pair["created_by_id"] == reader.id:
        actions = post("decline", "Withdraw proposal", "btn")
    elif status == "proposed":
        actions = post("accept", "Accept", "btn btn-primary") + post("decline", "Decline", "btn")
    else:
        actions = f'<a class="btn btn-primary" href="/series/new/?with={pair["other_id"]}">Set up a new series</a>'
    return (
        '<div class="page-header"><div class="profile"><span class="avatar large" '
        f'aria-hidden="true">{e(initials(pair["other"]))}</span><div><h1>1:1 with '
        f'{e(pair["other"])}</h1><p class="muted">{RELATIONS.get(pair["relation"], "")} · '
        f'{e(pair["other_title"] or "")}</p></div></div><div class="actions">{actions}</div></div>'
    )


def pair_alert(pair: sqlite3.Row, reader: Reader) -> str:
    if not pair["series"]:
        return ""
    gap = gap_of(pair, reader.now)
    if gap is None:
        return ""
    grace = gap.allowed - gap.max_gap_days
    return (
        f'<p class="alert alert-warning" role="alert"><strong>No 1:1 held for {gap.days} days'
        f"</strong>, longer than the {gap.max_gap_days} days this series allows"
        f"{f', {grace} more for skips with a note' if grace else ''}.</p>"
    )


def pair_stats(pair: sqlite3.Row, reader: Reader) -> str:
    last = moment(pair["last_held_at"], reader.zone)
    cancelled = pair["cancelled"] or 0
    by = (
        f" ({pair['cancelled_by_lead']} by {e(first(pair['lead_name']))}, "
        f"{pair['cancelled_by_member']} by {e(first(pair['member_name']))})"
        if cancelled
        else ""
    )
    stats = (
        (pair["held"] or 0, "held"),
        (pair["streak"] or 0, "in a row (skips don't break it)"),
        (relative_day(last, reader.today) if last else "never", "last held"),
        (cancelled, f"cancelled{by}"),
    )
    cards = "".join(
        f'<div class="card stat"><span class="value">{value}</span><span class="label">{label}'
        "</span></div>"
        for value, label in stats
    )
    return f'<div class="grid grid-4">{cards}</div>'


def upcoming_list(pair: sqlite3.Row, reader: Reader, upcoming: list[sqlite3.Row]) -> str:
    items = "".join(
        f'<li class="row row-between">{dated_link(pair, reader, row)}<span class="row">'
        f'{state_html(row["state"], row["start"], row["original_start"])}<span class="small muted">'
        f"{relative_day(moment(row['start'], reader.zone), reader.today)}</span></span></li>"  # type: ignore[arg-type]
        for row in upcoming
    )
    listed = (
        f'<ul class="list">{items}</ul>' if items else '<p class="muted">Nothing is scheduled.</p>'
    )
    return (
        '<section class="card" aria-labelledby="upcoming-heading"><div class="card-header"><h2 '
        f'id="upcoming-heading">Coming up</h2></div>{listed}</section>'
    )


def dated_link(pair: sqlite3.Row, reader: Reader, row: sqlite3.Row) -> str:
    start, end = moment(row["start"], reader.zone), moment(row["end"], reader.zone)
    assert start
    assert end
    return f'<a href="/occurrences/{row["id"]}/">{when_html(start, end, pair["other"], pair["other_zone"])}</a>'


def past_list(
    pair: sqlite3.Row, reader: Reader, past: list[sqlite3.Row], number: int, pages: int
) -> str:
    items = ""
    for row in past:
        by = ""
        if row["by"] and row["state"] != "held":
            by = f'<span class="small muted">by {e(first(row["by"]))}'
            if row["state"] == "cancelled":
                by += f", {notice(row['start'], row['detail'])}"
            by += "</span>"
        items += (
            f'<li class="row row-between">{dated_link(pair, reader, row)}<span class="row">'
            f"{state_html(row['state'], row['start'], row['original_start'])}{by}</span></li>"
        )
    count = pair["past"]
    listed = (
        f'<ul class="list">{items}</ul>{pagination(number, pages)}'
        if items
        else '<p class="muted">No past 1:1s yet.</p>'
    )
    return (
        '<section class="card" aria-labelledby="history-heading"><div class="card-header"><h2 '
        f'id="history-heading">History</h2><span class="small muted">{count} past 1:1{plural(count)}'
        f"</span></div>{listed}</section>"
    )


def notice(start: str, outcome_at: str | None) -> str:
    """How long before its start a 1:1 was cancelled, in words (meetings' `notice` filter)."""
    if outcome_at is None:
        return ""
    span = datetime.fromisoformat(start) - datetime.fromisoformat(outcome_at)
    if span < timedelta(0):
        return "after it had started"
    hours = span.total_seconds() / 3600
    if hours < 1:
        return f"{max(1, round(hours * 60))} minutes before"
    if hours < 48:
        return f"{round(hours)} hour{plural(round(hours))} before"
    return f"{round(hours / 24)} days before"


def schedule_html(pair: sqlite3.Row, reader: Reader, upcoming: list[sqlite3.Row]) -> str:
    if not pair["series"]:
        manager = (
            " A manager and report should meet regularly." if pair["relation"] == "manager" else ""
        )
        facts = f'<p class="muted">No current series.{manager}</p>'
    else:
        zone = ZoneInfo(pair["series_zone"])
        first_start = moment(pair["first_start"], zone)
        shown = moment(upcoming[0]["start"] if upcoming else pair["first_start"], reader.zone)
        assert first_start
        assert shown
        clocks = ""
        if reader.zone.key != pair["series_zone"]:
            clocks += f'<br><span class="small muted">{shown:%H:%M} for you</span>'
        if pair["other_zone"] not in (pair["series_zone"], reader.zone.key):
            theirs = shown.astimezone(ZoneInfo(pair["other_zone"]))
            clocks += f'<br><span class="small muted">{theirs:%H:%M} for {e(first(pair["other"]))}</span>'
        where = f"<dt>Where</dt><dd>{e(pair['location'])}</dd>" if pair["location"] else ""
        facts = (
            f'<dl class="facts"><dt>When</dt><dd>{e(describe_rule(pair["rule"]))}</dd><dt>Time</dt>'
            f"<dd>{first_start:%H:%M} {e(pair['series_zone'])}\n{clocks}</dd><dt>Length</dt><dd>"
            f"{pair['duration_minutes']} minutes</dd>{where}<dt>Gap alert</dt><dd>after "
            f"{pair['max_gap_days']} days</dd><dt>Status</dt><dd>{pair['status'].capitalize()}"
            "</dd></dl>"
        )
    return (
        '<section class="card" aria-labelledby="schedule-heading"><h2 id="schedule-heading">'
        f"Schedule</h2>{facts}</section>"
    )


def rhythms_html(pair: sqlite3.Row, inputs: str) -> str:
    career = (
        '<div class="field"><label for="career-days">Prompt for a career conversation every (days)'
        '</label><input type="number" id="career-days" name="career_days" min="14" max="730" '
        f'value="{pair["career_prompt_days"]}"></div>'
        if pair["relation"] == "manager"
        else f'<input type="hidden" name="career_days" value="{pair["career_prompt_days"]}">'
    )
    return (
        '<section class="card" aria-labelledby="rhythm-heading"><h2 id="rhythm-heading">Rhythms'
        f'</h2><form method="post" action="/pairs/{pair["pair"]}/rhythms/" class="form">{inputs}'
        '<div class="field"><label for="feedback-days">Prompt for feedback every (days)</label>'
        '<input type="number" id="feedback-days" name="feedback_days" min="7" max="365" '
        f'value="{pair["feedback_prompt_days"]}"></div>{career}<div class="actions"><button '
        'class="btn btn-sm" type="submit">Save</button></div></form></section>'
    )


def events_html(reader: Reader, events: list[sqlite3.Row]) -> str:
    if not events:
        return ""
    items = ""
    for row in events:
        at = moment(row["start"], reader.zone)
        assert at
        detail = f": {e(row['detail'])}" if row["detail"] else ""
        items += (
            f"<li><strong>{e(first(row['by']))}</strong> {EVENTS.get(row['state'], row['state'])}"
            f'{detail}<br><span class="muted">{at.day} {at:%b %Y, %H:%M}</span></li>'
        )
    return (
        '<section class="card" aria-labelledby="events-heading"><h2 id="events-heading">Changes'
        f'</h2><ul class="list small">{items}</ul></section>'
    )


# The history -------------------------------------------------------------------------------

# A page of the 1:1s that have begun, newest first, and what the reader may read of them:
# points (private ones to their author only), notes with text (the reader's own private one,
# never the other's) and action items.
HISTORY_SQL = """
    SELECT o.id, o.start, o.original_start, o.state, o.outcome_note, b.name AS outcome_by
      FROM meetings_occurrence o LEFT JOIN people_person b ON b.id = o.outcome_by_id
     WHERE o.pair_id = :pair AND o.start <= :now
     ORDER BY o.start DESC LIMIT :size OFFSET :offset
"""
CHAPTERS_SQL = """
    SELECT 'point' AS kind, t.occurrence_id, t.text, t.discussed_at IS NOT NULL AS done,
           t.author_id AS who, a.name, t.is_private, t.author_id = p.member_id AS first,
           t.position AS a, t.created_at AS b, NULL AS due
      FROM agendas_talkingpoint t JOIN people_person a ON a.id = t.author_id
      JOIN meetings_pair p ON p.id = t.pair_id
     WHERE t.occurrence_id IN ({ids}) AND (NOT t.is_private OR t.author_id = :reader)
    UNION ALL
    SELECT 'note', n.occurrence_id, n.body, NULL, NULL, NULL, n.is_private, NULL, NULL, NULL, NULL
      FROM notes_note n
     WHERE n.occurrence_id IN ({ids}) AND (NOT n.is_private OR n.author_id = :reader) AND n.body <> ''
    UNION ALL
    SELECT 'action', i.occurrence_id, i.text, i.done_at IS NOT NULL, i.owner_id, w.name, NULL,
           i.owner_id = p.lead_id, NULL, i.created_at, i.due_on
      FROM actions_actionitem i JOIN people_person w ON w.id = i.owner_id
      JOIN meetings_pair p ON p.id = i.pair_id
     WHERE i.occurrence_id IN ({ids})
"""


def history_page(
    db: sqlite3.Connection,
    person: int,
    session_hash: str,
    environ: dict[str, Any],
    parts: list[str],
) -> str | None:
    found = pair_reader(db, person, session_hash, int(parts[1]))
    if found is None:
        return None
    reader, pair = found
    now = stamp_text(reader.now)
    begun = db.execute(
        "SELECT COUNT(*) FROM meetings_occurrence WHERE pair_id = ? AND start <= ?",
        (pair["pair"], now),
    ).fetchone()[0]
    number, pages = page_number(environ, begun, TIMELINE_PAGE)
    where = {
        "pair": pair["pair"],
        "now": now,
        "size": TIMELINE_PAGE,
        "offset": (number - 1) * TIMELINE_PAGE,
    }
    occurrences = named(db, HISTORY_SQL, where)
    ids = ", ".join(str(int(row["id"])) for row in occurrences) or "NULL"
    rows = named(db, CHAPTERS_SQL.format(ids=ids), {"reader": reader.id})
    token, inputs = secrets.token_urlsafe(48), form_inputs()
    chapters = "".join(
        chapter_html(reader, row, [item for item in rows if item["occurrence_id"] == row["id"]])
        for row in occurrences
    )
    chapters = chapters or '<p class="empty">No 1:1 has taken place yet.</p>'
    main = (
        privacy_note(first(pair["other"]))
        + f'<div class="page-header"><div><h1>History with {e(pair["other"])}</h1><p class="muted">'
        "Every 1:1, newest first: what was on the agenda, noted and agreed.</p></div><div "
        'class="actions"><a class="btn" href="/search/">Search</a><a class="btn" '
        f'href="/pairs/{pair["pair"]}/export.md">Export Markdown</a><a class="btn" '
        f'href="/pairs/{pair["pair"]}/print/">Printable page</a></div></div>'
        + pair_tabs(pair["pair"], pair["relation"], "history/")
        + f'<div class="card stack">{chapters}{pagination(number, pages)}</div>'
    )
    here = 'aria-current="page"'
    return frame(reader, f"History with {pair['other']}", main, token, inputs, search=here)


def chapter_html(reader: Reader, row: sqlite3.Row, items: list[sqlite3.Row]) -> str:
    """history/_chapter.html: one 1:1 with its points (the report's first), notes and actions."""
    start = moment(row["start"], reader.zone)
    assert start
    points = sorted(
        (item for item in items if item["kind"] == "point"),
        key=lambda item: (not item["first"], item["a"], item["b"]),
    )
    notes = {bool(item["is_private"]): item["text"] for item in items if item["kind"] == "note"}
    actions = sorted(
        (item for item in items if item["kind"] == "action"), key=lambda item: item["b"]
    )
    said = ""
    if row["outcome_note"]:
        by = f" ({e(first(row['outcome_by']))})" if row["outcome_by"] else ""
        said += f'<p class="small muted">“{e(row["outcome_note"])}”{by}</p>'
    if points:
        listed = "".join(
            "<li>"
            + (
                '<span aria-label="discussed">✓</span>'
                if point["done"]
                else '<span aria-label="not discussed" class="muted">○</span>'
            )
            + f' {e(point["text"])} <span class="small muted">('
            + ("you" if point["who"] == reader.id else e(first(point["name"])))
            + ")</span>"
            + (' <span class="badge badge-private">Private</span>' if point["is_private"] else "")
            + "</li>"
            for point in points
        )
        said += f'<h3 class="eyebrow">Agenda</h3><ul class="history-list">{listed}</ul>'
    if False in notes:
        said += f'<h3 class="eyebrow">Shared notes</h3><div class="markdown">{render_markdown(notes[False])}</div>'
    if True in notes:
        said += (
            '<h3 class="eyebrow">Your private notes <span class="badge badge-private">Only you</span>'
            f'</h3><div class="markdown">{render_markdown(notes[True])}</div>'
        )
    if actions:
        listed = "".join(
            f'<li>{"✓" if item["done"] else "○"} {e(item["text"])} <span class="small muted">('
            f"{e(first(item['name']))}{', commitment' if item['first'] else ''}"
            f"{due_said(item['due'])})</span></li>"
            for item in actions
        )
        said += f'<h3 class="eyebrow">Action items</h3><ul class="history-list">{listed}</ul>'
    if not (points or notes or actions):
        said += '<p class="small muted">Nothing was written down.</p>'
    return (
        f'<article class="chapter" id="occurrence-{row["id"]}"><header class="row row-between"><h2>'
        f'<a href="/occurrences/{row["id"]}/">{start:%A} {start.day} {start:%B %Y, %H:%M}</a></h2>'
        f"{state_html(row['state'], row['start'], row['original_start'])}</header>{said}</article>"
    )


def due_said(due: str | None) -> str:
    when = day(due)
    return f", due {jm(when)}" if when else ""
