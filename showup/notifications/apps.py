from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Reminders before a 1:1, “did it happen?” after, a weekly digest for managers; one-click links."""

    name = "showup.notifications"
    label = "notifications"

    def ready(self) -> None:
        from showup.notifications import (  # noqa: F401 -- registers the jobs, connects the signals
            jobs,
            receivers,
        )
