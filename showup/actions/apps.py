from django.apps import AppConfig


class ActionsConfig(AppConfig):
    """Action items that stay on every 1:1 until done; the manager's are commitments, with a record."""

    name = "showup.actions"
    label = "actions"
