"""What accounts do when people change under them: the old address hears of a new one."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.dispatch import receiver

from showup.mail.rendering import render_mail
from showup.mail.services import mail_queue
from showup.people.models import Person
from showup.people.signals import person_email_changed


@receiver(person_email_changed)
def tell_the_old_address(
    sender: Any, *, person: Person, old_email: str, by: Person | None, **_: Any
) -> None:
    """The person may not know: whoever holds the new address gets no password link for a while."""
    hold = timedelta(hours=settings.EMAIL_CHANGE_RESET_HOLD_HOURS)
    context = {
        "person": person,
        "old_email": old_email,
        "by": by,
        "held_until": person.email_changed_at + hold if person.email_changed_at else None,
        "hours": settings.EMAIL_CHANGE_RESET_HOLD_HOURS,
    }
    mail = render_mail("accounts/mail/email_changed", context)
    mail_queue(kind="email-changed", recipient=old_email, mail=mail)
