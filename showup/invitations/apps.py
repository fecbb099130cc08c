from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    """Calendar invitations by e-mail (iMIP): each pair's 1:1 as one event in both people's calendars."""

    name = "showup.invitations"
    label = "invitations"

    def ready(self) -> None:
        from showup.invitations import (  # noqa: F401 -- registers the job, connects the signals
            jobs,
            receivers,
        )
