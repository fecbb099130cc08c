from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Layout, home page, health check and the cross-cutting middleware."""

    name = "showup.core"
    label = "core"

    def ready(self) -> None:
        from showup.core import checks, resend  # noqa: F401 -- the system checks; the job that forgets old form keys
