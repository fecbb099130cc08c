"""A scratch Showup database for benchmarks: SQLite in a temporary folder, or DATABASE_URL if set."""

import os
import tempfile


def django_with_scratch_database() -> str:
    """Configures Django on a fresh database and migrates it; returns a description of it."""
    if not os.environ.get("DATABASE_URL"):
        os.environ["SHOWUP_DATA_DIR"] = tempfile.mkdtemp(prefix="showup-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showup.settings")
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", verbosity=0)
    return f"{connection.vendor} ({connection.settings_dict['NAME']})"
