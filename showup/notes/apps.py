from django.apps import AppConfig


class NotesConfig(AppConfig):
    """Shared notes of a 1:1 and each person's private notes, in Markdown, saved without ever losing text."""

    name = "showup.notes"
    label = "notes"

    def ready(self) -> None:
        from showup.notes import receivers  # noqa: F401 -- connects signals
