"""ASGI entry point for the live stream's server: `uvicorn showup.asgi:application`.

It holds each open 1:1 page's live stream (pages/stream.py) for the cost of a
connection, and serves nothing else: every other path is a 404 here, so the
stream server is never a second, differently tuned way into the pages. Pages
are served by gunicorn's sync workers (showup/wsgi.py): Django under ASGI
served them at about a third of the rate (bench/results/pages-sqlite.txt,
2026-12-05 12:35 UTC, beside the sync run at 12:32). As with showup/wsgi.py,
loading it readies everything a first request would load, then freezes those
objects out of the garbage collector's reach.
"""

import gc
import os
from typing import Any

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showup.settings")
django_application = get_asgi_application()

from django.urls import Resolver404, resolve  # noqa: E402 -- needs the settings loaded above

from showup.core.warm import warm_up  # noqa: E402

STREAM = "pages:occurrence-live-stream"


def is_stream(path: str) -> bool:
    """The URLconf decides, so the stream's path is written once (pages/urls.py)."""
    try:
        return resolve(path).view_name == STREAM
    except Resolver404:
        return False


async def application(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "http" and not is_stream(scope["path"]):
        await send({"type": "http.response.start", "status": 404, "headers": NOT_HERE})
        await send(
            {"type": "http.response.body", "body": b"Only the live stream is served here.\n"}
        )
        return
    await django_application(scope, receive, send)


NOT_HERE = [(b"content-type", b"text/plain; charset=utf-8")]

warm_up()
gc.freeze()
