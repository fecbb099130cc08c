"""The floor for the live 1:1, written by hand: a plain WSGI app on the stdlib's sqlite3.

No framework, no ORM, no middleware, no templates; each answer recomputed on
every request, with the fewest queries that read the same rows:

- `GET /occurrences/<id>/live/` (pages/live.py): find the session, check the
  person, read the 1:1's key with the same query, note the presence at most
  every ten seconds, read who else is there, and answer the same JSON with
  the same ETag, or a 304;
- `POST /occurrences/<id>/points/`: the same checks, then the rows Showup
  writes (the point at the end of the agenda, its search entry; the
  database's own triggers raise the stamp), in one transaction, answered with
  the new point's markup built as a string;
- `GET /occurrences/<id>/agenda/`: the agenda part this reader may see (their
  private points and nobody else's), its points and the pair's every-1:1
  points, built as a string of the same markup.

It does not judge the text (Showup's off-topic guard), check a one-time key,
or check CSRF: the floor is what any server must do at the least.
"""

import hashlib
import json
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from html import escape
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from django.core import signing

DATABASE = os.environ["SHOWUP_FLOOR_DATABASE"]
SECRET = os.environ["SHOWUP_SECRET_KEY"]
# The 1:1 page's key, as meetings/selectors.py's PAGE_KEY_SQL asks it, with the shared stamp the page is told.
KEY_SQL = """
    SELECT o.id, o.start, o."end", COALESCE(s.stamp, 0),
           (SELECT n.id FROM meetings_occurrence n
             WHERE n.pair_id = o.pair_id AND n.state = ? AND n."end" >= ?
             ORDER BY n.start, n.id LIMIT 1),
           CASE WHEN p.lead_id = ? THEN member.name ELSE lead.name END
      FROM meetings_occurrence o
      JOIN meetings_pair p ON p.id = o.pair_id
      JOIN people_person lead ON lead.id = p.lead_id
      JOIN people_person member ON member.id = p.member_id
      LEFT JOIN meetings_sharedstamp s ON s.pair_id = o.pair_id
     WHERE o.id = ? AND (p.lead_id = ? OR p.member_id = ?)
"""
_connection: sqlite3.Connection | None = None


def connection() -> sqlite3.Connection:
    global _connection
    if _connection is None:
        _connection = sqlite3.connect(DATABASE, isolation_level=None, check_same_thread=False)
        _connection.execute("PRAGMA busy_timeout = 5000")
    return _connection


def stamp_text(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


def signed_in(environ: dict[str, Any], db: sqlite3.Connection, now: str) -> tuple[int, str] | None:
    """The session's person and session hash, from the session row and its signature."""
    cookie = SimpleCookie(environ.get("HTTP_COOKIE", ""))
    key = cookie["sessionid"].value if "sessionid" in cookie else ""
    row = db.execute(
        "SELECT session_data FROM django_session WHERE session_key = ? AND expire_date > ?",
        (key, now),
    ).fetchone()
    if row is None:
        return None
    data = signing.loads(
        row[0],
        key=SECRET,
        salt="django.contrib.sessions.SessionStore",
        serializer=signing.JSONSerializer,
    )
    return int(data["_auth_user_id"]), data.get("_auth_user_hash", "")


def person_of(environ: dict[str, Any], db: sqlite3.Connection, now: str) -> int | None:
    session = signed_in(environ, db, now)
    if session is None:
        return None
    person = session[0]
    active = db.execute("SELECT is_active FROM people_person WHERE id = ?", (person,)).fetchone()
    return person if active and active[0] else None


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    db, moment = connection(), datetime.now(UTC)
    now = stamp_text(moment)
    person = person_of(environ, db, now)
    parts = environ["PATH_INFO"].strip("/").split("/")
    occurrence = int(parts[1])
    key = db.execute(KEY_SQL, ("scheduled", now, person, occurrence, person, person)).fetchone()
    if person is None or key is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b""]
    if parts[2:] == ["points"]:
        body = point_add(environ, db, person, occurrence, now)
    elif parts[2:] == ["agenda"]:
        body = agenda_part(db, person, occurrence)
    else:
        return live_question(environ, start_response, db, person, occurrence, key[3], moment)
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
    return [body.encode()]


def live_question(
    environ: dict[str, Any],
    start_response: Callable[..., Any],
    db: sqlite3.Connection,
    person: int,
    occurrence: int,
    stamp: int,
    moment: datetime,
) -> Iterable[bytes]:
    now, recent = stamp_text(moment), stamp_text(moment - timedelta(seconds=10))
    noted = db.execute(
        "SELECT 1 FROM pages_presence WHERE occurrence_id = ? AND person_id = ? AND seen_at > ?",
        (occurrence, person, recent),
    ).fetchone()
    if not noted:
        db.execute(
            "INSERT INTO pages_presence (occurrence_id, person_id, seen_at) VALUES (?, ?, ?) "
            "ON CONFLICT (occurrence_id, person_id) DO UPDATE SET seen_at = excluded.seen_at",
            (occurrence, person, now),
        )
    here = [
        name
        for (name,) in db.execute(
            "SELECT p.name FROM pages_presence r JOIN people_person p ON p.id = r.person_id "
            "WHERE r.occurrence_id = ? AND r.seen_at > ? AND r.person_id <> ? ORDER BY p.name",
            (occurrence, stamp_text(moment - timedelta(seconds=25)), person),
        )
    ]
    body = json.dumps({"stamp": stamp, "here": here})
    etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
    headers = [("ETag", etag), ("Cache-Control", "private, no-cache")]
    if environ.get("HTTP_IF_NONE_MATCH") == etag:
        start_response("304 Not Modified", headers)
        return [b""]
    start_response("200 OK", [("Content-Type", "application/json"), *headers])
    return [body.encode()]


# A point as agendas/_point.html shows it: (id, text, is_private, discussed, carried,
# waiting, source, author_id, author's name, member_id).
POINT_SQL = """
    SELECT t.id, t.text, t.is_private, t.discussed_at IS NOT NULL, t.carried,
           t.occurrence_id IS NULL, t.source, t.author_id, a.name, p.member_id
      FROM agendas_talkingpoint t
      JOIN people_person a ON a.id = t.author_id
      JOIN meetings_pair p ON p.id = t.pair_id
"""


def point_add(
    environ: dict[str, Any], db: sqlite3.Connection, person: int, occurrence: int, now: str
) -> str:
    size = int(environ.get("CONTENT_LENGTH") or 0)
    form = parse_qs(environ["wsgi.input"].read(size).decode())
    text = form.get("text", [""])[0].strip()
    private = form.get("private", [""])[0] == "on"
    db.execute("BEGIN IMMEDIATE")
    try:
        (pair, place) = db.execute(
            "SELECT o.pair_id, (SELECT COALESCE(MAX(position), 0) + 1 FROM agendas_talkingpoint "
            "WHERE occurrence_id = o.id) FROM meetings_occurrence o WHERE o.id = ?",
            (occurrence,),
        ).fetchone()
        point = db.execute(
            "INSERT INTO agendas_talkingpoint (pair_id, occurrence_id, author_id, text, is_private,"
            " position, source, carried, off_topic_kind, kept_despite_nudge, purpose, version,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, 'own', 0, '', 0, 'other', 1, ?)",
            (pair, occurrence, person, text, private, place, now),
        ).lastrowid
        db.execute(
            "INSERT INTO history_searchentry (kind, object_id, pair_id, occurrence_id, private_to_id,"
            " body, folded, updated_at) VALUES ('point', ?, ?, ?, ?, ?, ?, ?)",
            (point, pair, occurrence, person if private else None, text, text.casefold(), now),
        )
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    row = db.execute(POINT_SQL + " WHERE t.id = ?", (point,)).fetchone()
    return point_html(row, person, occurrence, form_inputs())


def form_inputs() -> str:
    """One CSRF input and one one-time key for every form of the answer, as Showup's pages do."""
    return (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{secrets.token_urlsafe(48)}">'
        f'<input type="hidden" name="once" value="{secrets.token_urlsafe(18)}">'
    )


def point_html(row: tuple[Any, ...], reader: int, occurrence: int, inputs: str) -> str:
    point, text, private, discussed, carried, waiting, source, author, name, _ = row
    base, text = f"/occurrences/{occurrence}/points/{point}", escape(text)
    mine = author == reader
    badges = "".join(
        (
            '<span class="badge badge-private">Private: only you</span>' if private else "",
            f'<span class="badge badge-warn" title="Not discussed yet">Carried over {carried}×</span>'
            if carried
            else "",
            '<span class="badge">Waiting for the next 1:1</span>' if waiting else "",
            '<span class="badge">Prompt</span>' if source == "prompt" else "",
        )
    )
    edit = (
        f'<details class="point-edit"><summary class="small">Edit</summary><form method="post" '
        f'action="{base}/edit/" hx-post="{base}/edit/" hx-target="#agenda" hx-swap="outerHTML" '
        f'class="row">{inputs}<input type="hidden" name="version" value="1"><label class="sr-only" '
        f'for="edit-{point}">Talking point</label><input type="text" id="edit-{point}" name="text" '
        f'value="{text}" maxlength="500" required><button class="btn btn-sm" type="submit">Save'
        "</button></form></details>"
        if mine
        else ""
    )
    moves = "".join(
        f'<form method="post" action="{base}/move/" hx-post="{base}/move/" hx-target="#agenda" '
        f'hx-swap="outerHTML" class="inline">{inputs}<input type="hidden" name="direction" '
        f'value="{way}"><button class="btn btn-sm btn-quiet" type="submit" aria-label="Move '
        f'“{text}” {way}">{arrow}</button></form>'
        for way, arrow in (("up", "↑"), ("down", "↓"))
    )
    remove = (
        f'<form method="post" action="{base}/delete/" hx-post="{base}/delete/" hx-target="#agenda"'
        f' hx-swap="outerHTML" hx-confirm="Remove this talking point?" class="inline">{inputs}'
        f'<button class="btn btn-sm btn-quiet" type="submit" aria-label="Remove “{text}”">✕'
        "</button></form>"
        if mine
        else ""
    )
    classes = "point" + (" is-discussed" if discussed else "") + (" is-private" if private else "")
    return (
        f'<li class="{classes}" id="point-{point}"><form class="point-check" method="post" '
        f'action="{base}/discussed/" hx-post="{base}/discussed/" hx-trigger="change" '
        f'hx-target="#point-{point}" hx-swap="outerHTML">{inputs}<input type="checkbox" '
        f'name="discussed" id="discussed-{point}" {"checked" if discussed else ""} '
        f'aria-label="Discussed: {text}"><noscript><button class="btn btn-sm" type="submit">Save'
        f'</button></noscript></form><div class="point-body"><label for="discussed-{point}" '
        f'class="point-text">{text}</label><div class="point-meta small muted"><span>'
        f"{'You' if mine else escape(name.split()[0])}</span>{badges}</div>{edit}</div>"
        f'<div class="point-tools">{moves}{remove}</div></li>'
    )


def agenda_part(db: sqlite3.Connection, person: int, occurrence: int) -> str:
    """The agenda part for this reader: the next 1:1 also shows points waiting for it."""
    rows = db.execute(
        POINT_SQL + " WHERE t.pair_id = (SELECT pair_id FROM meetings_occurrence WHERE id = ?)"
        " AND (t.occurrence_id = ? OR t.occurrence_id IS NULL) AND (t.is_private = 0 OR t.author_id = ?)"
        " ORDER BY t.author_id <> p.member_id, t.position, t.created_at",
        (occurrence, occurrence, person),
    ).fetchall()
    recurring = db.execute(
        "SELECT r.id, r.text, r.is_private FROM agendas_recurringpoint r"
        " WHERE r.pair_id = (SELECT pair_id FROM meetings_occurrence WHERE id = ?)"
        " AND (r.is_private = 0 OR r.author_id = ?)",
        (occurrence, person),
    ).fetchall()
    inputs = form_inputs()
    member = [row for row in rows if row[7] == row[9]]
    lead = [row for row in rows if row[7] != row[9]]
    every = "".join(
        f'<li class="point-row"><span>{escape(text)}</span><form method="post" '
        f'action="/occurrences/{occurrence}/recurring/{point}/remove/" class="inline">{inputs}'
        f'<button class="btn btn-sm btn-quiet" type="submit">Remove</button></form></li>'
        for point, text, _ in recurring
    )
    points = "".join(point_html(row, person, occurrence, inputs) for row in member)
    points += '<li id="agenda-lead-points" hidden></li>'
    points += "".join(point_html(row, person, occurrence, inputs) for row in lead)
    add = f"/occurrences/{occurrence}/points/"
    return (
        f'<section class="card agenda" id="agenda" data-refresh="/occurrences/{occurrence}/agenda/">'
        '<div class="card-header"><h2 id="agenda-heading">Agenda</h2></div>'
        f'<div class="recurring"><ul class="list">{every}</ul></div>'
        f'<ol class="points" id="agenda-points">{points}</ol>'
        '<p class="empty agenda-empty">Nothing on the agenda yet.</p>'
        f'<form class="add-point" data-reset-after method="post" action="{add}" hx-post="{add}" '
        f'hx-target="#agenda" hx-swap="outerHTML">{inputs}<input type="text" id="new-point" '
        'name="text" maxlength="500" required><label class="check small"><input type="checkbox" '
        'name="private"> Private (only you)</label><button class="btn btn-primary" type="submit">'
        "Add</button></form></section>"
    )
