"""`showup check`: warnings about settings that several servers or workers would disagree on.

A database server (PostgreSQL) is what lets Showup run as several servers and
workers, so these speak up as soon as one is configured.
"""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register
from django.db import connection


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
    return warnings
