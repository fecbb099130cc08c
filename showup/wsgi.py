"""WSGI entry point: `gunicorn showup.wsgi` in production.

Loading it also readies everything a request would otherwise load on first
use (every URL module and the views behind them, every template), so a
worker's first request costs what any other does; then the objects loaded so
far are frozen out of the garbage collector's reach, so a warm request never
pays for a full collection walking through them.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showup.settings")
application = get_wsgi_application()

from showup.core.warm import warm_up  # noqa: E402 -- needs the settings loaded above

warm_up()
gc.freeze()
