from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    """Performance observations that are never a surprise, and reviews that check it."""

    name = "showup.performance"
    label = "performance"

    def ready(self) -> None:
        from showup.performance import receivers  # noqa: F401
