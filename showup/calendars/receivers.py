"""What calendars do when the rest of Showup changes under them."""

from typing import Any

from django.dispatch import receiver

from showup.calendars.services import connections_forget_unreadable
from showup.core.signals import data_restored


@receiver(data_restored)
def calendars_without_key(sender: Any, *, calendar_key_included: bool, **_: Any) -> str:
    """After a restore: connections no key here opens wait for their person, and the operator is told."""
    forgotten = connections_forget_unreadable()
    if not forgotten:
        return ""
    why = (
        "the archive's calendar key does not open them"
        if calendar_key_included
        else "the archive holds no calendar key (it was made without --include-keys) "
        "and SHOWUP_CALENDAR_KEY, if set, is not the key they were sealed with"
    )
    return (
        f"{forgotten} calendar connection(s) must be entered again: {why}, so their CalDAV "
        "passwords cannot be read. They are not synced until then; each person is asked on "
        "their Calendar sync page to connect their calendar again with its app password."
    )
