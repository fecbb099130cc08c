from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    """Two-way CalDAV sync: each person's 1:1s written into their own calendar, their moves read back."""

    name = "showup.calendars"
    label = "calendars"

    def ready(self) -> None:
        from showup.calendars import jobs, receivers  # noqa: F401 -- the sync jobs; what a restore means
        from showup.calendars.secrets import keys_check

        keys_check()
