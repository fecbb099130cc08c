"""`showup check`: warnings about settings that several servers or workers would disagree on,
and about files in the data folder that others could read.

A database server (PostgreSQL) is what lets Showup run as several servers and
workers, so the first speak up as soon as one is configured.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register
from django.db import connection

from showup.core.files import data_folder_exposed

# More would drown the hint; the count says how many there are.
EXPOSED_NAMED = 5


@register()
def shared_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if connection.vendor == "sqlite":
        return []  # one machine, one data folder
    warnings: list[CheckMessage] = []
    if not settings.SECRET_KEY_CONFIGURED:
        warnings.append(
            Warning(
                "The secret key was generated in this server's data folder. Another server "
                "has its own, so sign-ins, reset links and calendar links made on one are "
                "refused by the other.",
                hint="Set the same SHOWUP_SECRET_KEY on every server and worker.",
                id="showup.W001",
            )
        )
    if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
        warnings.append(
            Warning(
                "No SMTP server is set: each worker writes the mail it sends into its own data "
                "folder, so with several workers it is spread over several machines and nobody "
                "receives it.",
                hint="Set SHOWUP_SMTP_HOST (and its user and password).",
                id="showup.W002",
            )
        )
    if not settings.CALENDAR_KEYS:
        warnings.append(
            Warning(
                "No calendar key is set: each server and worker makes its own in its data "
                "folder, so a CalDAV password stored through one cannot be read by another.",
                hint="Set the same SHOWUP_CALENDAR_KEY on every server and worker.",
                id="showup.W004",
            )
        )
    return warnings


@register()
def data_folder_private(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Each start closes what it can; what is left is another user's, or appeared since."""
    folder = Path(settings.DATA_DIR)
    exposed = data_folder_exposed(folder)
    if not exposed:
        return []
    named = ", ".join(str(path) for path in exposed[:EXPOSED_NAMED])
    more = f" and {len(exposed) - EXPOSED_NAMED} more" if len(exposed) > EXPOSED_NAMED else ""
    return [
        Warning(
            f"{len(exposed)} files or folders in the data folder can be read or written by "
            f"their group or others: {named}{more}. They hold everyone's 1:1s and the keys.",
            hint=f"Run Showup as the owner of {folder}, or: chmod -R go-rwx {folder}",
            id="showup.W003",
        )
    ]
