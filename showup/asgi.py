"""ASGI entry point for the live stream's server: `uvicorn showup.asgi:application`.

It holds each open 1:1 page's live stream (pages/stream.py) for the cost of a
connection. Pages are served by gunicorn's sync workers (showup/wsgi.py):
Django under ASGI served them at about a third of the rate (bench/results/pages-sqlite.txt,
2026-12-05 12:35 UTC, beside the sync run at 12:32). As with showup/wsgi.py, loading it readies everything
a first request would load, then freezes those objects out of the garbage
collector's reach.
"""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showup.settings")
application = get_asgi_application()

from showup.core.warm import warm_up  # noqa: E402 -- needs the settings loaded above

warm_up()
gc.freeze()
