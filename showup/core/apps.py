from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Layout, home page, health check and the cross-cutting middleware."""

    name = "showup.core"
    label = "core"
