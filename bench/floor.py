"""The raw floor: a plain WSGI app that runs a page's own SQL with the driver and returns its bytes.

For each page, `bench.pages` records the SQL statements Showup ran to build
it and the bytes it answered. This app replays exactly those statements on
one persistent connection per worker (the stdlib `sqlite3` module, or
psycopg), reads every row, and answers the same bytes: the least any server
could do to serve that page from that database. Showup's cost is measured
against it, side by side.
"""

import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

SPEC = json.loads(Path(os.environ["SHOWUP_FLOOR_SPEC"]).read_text())
_connection: Any = None


def connection() -> Any:
    global _connection
    if _connection is None:
        if SPEC["vendor"] == "postgresql":
            import psycopg

            _connection = psycopg.connect(SPEC["database"], autocommit=True)
        else:
            # Django's SQL calls a few functions it registers on SQLite; the floor needs them too.
            from django.db.backends.sqlite3._functions import register

            _connection = sqlite3.connect(SPEC["database"], isolation_level=None)
            _connection.executescript(SPEC["pragmas"])
            register(_connection)
    return _connection


def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    path = environ.get("PATH_INFO", "")
    if environ.get("QUERY_STRING"):
        path += "?" + environ["QUERY_STRING"]
    page = SPEC["pages"].get(path)
    if page is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not a benchmarked page"]
    cursor = connection().cursor()
    for sql in page["sql"]:
        cursor.execute(sql)
        if cursor.description is not None:
            cursor.fetchall()
    body = page["body"].encode()
    start_response(
        "200 OK", [("Content-Type", page["content_type"]), ("Content-Length", str(len(body)))]
    )
    return [body]
