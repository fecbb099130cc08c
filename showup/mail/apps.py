from django.apps import AppConfig


class MailConfig(AppConfig):
    """The durable outbox: every e-mail is queued in the database and sent by the worker."""

    name = "showup.mail"
    label = "mail"

    def ready(self) -> None:
        # Registers the outbox with the worker: its round and its lease renewal.
        from showup.mail import services  # noqa: F401
