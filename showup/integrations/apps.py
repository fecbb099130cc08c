from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "showup.integrations"
    label = "integrations"
    verbose_name = "Webhooks and chat"

    def ready(self) -> None:
        # Connects the event receivers, registers the lease renewer and the periodic job.
        from showup.integrations import delivery, jobs, receivers  # noqa: F401
