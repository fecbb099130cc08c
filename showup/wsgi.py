"""WSGI entry point: `gunicorn showup.wsgi` in production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showup.settings")
application = get_wsgi_application()
