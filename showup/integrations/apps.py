from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "showup.integrations"
    label = "integrations"
    verbose_name = "Webhooks and chat"

    def ready(self) -> None:
        # Connects the event receivers and registers the delivery lease renewer.
        from showup.integrations import delivery, receivers  # noqa: F401
