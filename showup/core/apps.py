from pathlib import Path

from django.apps import AppConfig
from django.conf import settings


class CoreConfig(AppConfig):
    """Layout, home page, health check and the cross-cutting middleware."""

    name = "showup.core"
    label = "core"

    def ready(self) -> None:
        from showup.core import checks, converters, resend  # noqa: F401 -- the system checks; <id:...> in paths; the job that forgets old form keys
        from showup.core.files import data_folder_make_private

        # Every start: what an older version, a copy or a restore left open is closed.
        data_folder_make_private(Path(settings.DATA_DIR))
