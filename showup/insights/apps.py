from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """Numbers and charts that show where 1:1s slip: per pair, per manager, per org (aggregates only)."""

    name = "showup.insights"
    label = "insights"

    def ready(self) -> None:
        from showup.insights import receivers  # noqa: F401 -- keeps the weekly rollups in step
