"""What a page needs in order to answer: the health check asks each of these, and fails when one does.

A load balancer that probes `/healthz` then takes out of rotation a server
whose pages would fail, instead of sending people to it.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import DatabaseError

# Every page links these (base.html).
PAGE_ASSETS = ("showup/showup.css", "showup/showup.js", "showup/htmx.min.js")
_schema_seen_current = False


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def schema_ok() -> bool:
    """Every migration this code knows of is applied (a server newer than its database would fail)."""
    global _schema_seen_current
    if not _schema_seen_current:
        try:
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except DatabaseError:
            return False
        _schema_seen_current = not plan  # once current, it stays so for this code
    return _schema_seen_current


def static_ok() -> bool:
    """Each asset a page links can be served: from the collected files, or from the app itself."""
    return all(_asset_servable(name) for name in PAGE_ASSETS)


def _asset_servable(name: str) -> bool:
    stored_name = getattr(staticfiles_storage, "stored_name", lambda plain: plain)
    try:
        served = stored_name(name)
    except ValueError:
        return False
    if (Path(settings.STATIC_ROOT) / served).is_file():
        return True
    # Before collectstatic, whitenoise serves the plain name from the app.
    return served == name and bool(settings.WHITENOISE_USE_FINDERS) and bool(finders.find(name))


def secret_key_ok() -> bool:
    return len(settings.SECRET_KEY) >= 50


def health() -> dict[str, bool | None]:
    """Each check: True, False, or None when it could not be made (the schema, with no database)."""
    database = database_ok()
    return {
        "database": database,
        "migrations": schema_ok() if database else None,
        "static": static_ok(),
        "secret_key": secret_key_ok(),
    }
