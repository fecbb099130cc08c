from django.apps import AppConfig


class HistoryConfig(AppConfig):
    """The audit log of a pair's 1:1s: timeline, full-text search, Markdown export and print."""

    name = "showup.history"
    label = "history"

    def ready(self) -> None:
        from showup.history import receivers  # noqa: F401  (connects the index to the domain's texts)
