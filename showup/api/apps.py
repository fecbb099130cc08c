from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "showup.api"
    label = "api"
    verbose_name = "JSON API"

    def ready(self) -> None:
        from showup.api import receivers  # noqa: F401 -- answers single sign-on's questions about tokens
