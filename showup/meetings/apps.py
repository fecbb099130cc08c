from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    """Pairs, their recurring series, each occurrence's fate, gaps, and the calendar feed."""

    name = "showup.meetings"
    label = "meetings"

    def ready(self) -> None:
        from showup.meetings import jobs  # noqa: F401 -- registers the periodic jobs
