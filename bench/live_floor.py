"""The floor for the live question, written by hand: a plain WSGI app on the stdlib's sqlite3.

It does the least work that gives the same answer as `GET /occurrences/<id>/live/`
(pages/live.py): find the session, check the person, read the 1:1's key with
the same query, note the presence at most every ten seconds, read who else is
there, and answer the same JSON with the same ETag, or a 304. No framework,
no ORM, no middleware.
"""

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from typing import Any

from django.core import signing

DATABASE = os.environ["SHOWUP_FLOOR_DATABASE"]
SECRET = os.environ["SHOWUP_SECRET_KEY"]
# The 1:1 page's key, as meetings/selectors.py's PAGE_KEY_SQL asks it.
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
      LEFT JOIN meetings_pairstamp s ON s.pair_id = o.pair_id
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


def person_of(environ: dict[str, Any], db: sqlite3.Connection, now: str) -> int | None:
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
        fallback_keys=[],
        salt="django.contrib.sessions.SessionStore",
        serializer=signing.JSONSerializer,
    )
    person = int(data["_auth_user_id"])
    active = db.execute("SELECT is_active FROM people_person WHERE id = ?", (person,)).fetchone()
    return person if active and active[0] else None


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    db, moment = connection(), datetime.now(UTC)
    now = stamp_text(moment)
    person = person_of(environ, db, now)
    occurrence = int(environ["PATH_INFO"].strip("/").split("/")[1])
    key = db.execute(KEY_SQL, ("scheduled", now, person, occurrence, person, person)).fetchone()
    if person is None or key is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b""]
    recent = stamp_text(moment - timedelta(seconds=10))
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
    body = json.dumps({"stamp": key[3], "here": here})
    etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
    headers = [("ETag", etag), ("Cache-Control", "private, no-cache")]
    if environ.get("HTTP_IF_NONE_MATCH") == etag:
        start_response("304 Not Modified", headers)
        return [b""]
    start_response("200 OK", [("Content-Type", "application/json"), *headers])
    return [body.encode()]
