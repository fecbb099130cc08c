from django.apps import AppConfig


class AgendasConfig(AppConfig):
    """Talking points (shared or private), their carry-over, prompts, and the off-topic guard."""

    name = "showup.agendas"
    label = "agendas"

    def ready(self) -> None:
        from showup.agendas import jobs, receivers  # noqa: F401 -- connects signals, registers jobs
