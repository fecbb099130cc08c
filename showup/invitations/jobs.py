"""Periodic work for the worker: calendars that are behind get the event as it stands."""

from datetime import timedelta

from showup.core.jobs import periodic
from showup.invitations.services import invitations_catch_up


@periodic("invitations.catch-up", every=timedelta(minutes=10))
def catch_up() -> None:
    invitations_catch_up()
