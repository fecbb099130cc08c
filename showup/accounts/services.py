"""Invitations and password reset mail: both go out through the outbox."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from showup.accounts.tokens import invitation_tokens, password_reset_tokens
from showup.mail.rendering import render_mail
from showup.mail.services import mail_queue
from showup.people.models import Person

HELD = (
    "The e-mail of {name} changed less than {hours} hours ago: no password link goes to "
    "{email} before {until:%d %b %Y, %H:%M %Z}, so that a changed address cannot take the account."
)


def absolute_url(path: str) -> str:
    return f"{settings.BASE_URL}{path}"


def one_time_link(*, person: Person, view_name: str, token: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    return absolute_url(reverse(view_name, kwargs={"uidb64": uid, "token": token}))


def password_links_held_until(*, person: Person, now: datetime | None = None) -> datetime | None:
    """Until when no reset or invitation link may go to the person's address, or None.

    The one rule for every way a link is sent (reset page, admin pages, import): for a while
    after SCIM or an admin changes the e-mail, whoever holds the new address may not be the
    person, and the old address has been told (people.services.person_update).
    """
    if person.email_changed_at is None:
        return None
    until = person.email_changed_at + timedelta(hours=settings.EMAIL_CHANGE_RESET_HOLD_HOURS)
    return until if (now or timezone.now()) < until else None


def password_link_refusal(*, person: Person) -> str | None:
    until = password_links_held_until(person=person)
    if until is None:
        return None
    return HELD.format(
        name=person.name,
        hours=settings.EMAIL_CHANGE_RESET_HOLD_HOURS,
        email=person.email,
        until=timezone.localtime(until),
    )


def invitation_send(*, person: Person, invited_by: Person | None) -> None:
    """Mails `person` a one-time link to set a password; an older link stops working."""
    refusal = password_link_refusal(person=person)
    if refusal:
        raise ValidationError(refusal)
    person.invited_at = timezone.now()
    person.save(update_fields=["invited_at"])
    link = one_time_link(
        person=person, view_name="accounts:invitation", token=invitation_tokens.make_token(person)
    )
    mail = render_mail(
        "accounts/mail/invitation",
        {
            "person": person,
            "invited_by": invited_by,
            "link": link,
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        },
    )
    mail_queue(kind="invitation", recipient=person.email, mail=mail)


def invitations_send_pending(*, invited_by: Person | None) -> int:
    """Invites every active person who has never been invited nor signed in, and whose
    address is not held after a change."""
    pending = Person.objects.filter(
        is_active=True, invited_at__isnull=True, last_login__isnull=True
    )
    count = 0
    for person in pending:
        if not person.has_usable_password() and not password_links_held_until(person=person):
            invitation_send(person=person, invited_by=invited_by)
            count += 1
    return count


def password_reset_send(*, person: Person) -> None:
    """A reset link for someone with a password; a fresh invitation for someone without.

    While the address is held after a change, a note saying so goes instead of a link.
    """
    until = password_links_held_until(person=person)
    if until is not None:
        _reset_held_send(person=person, until=until)
        return
    if not person.has_usable_password():
        invitation_send(person=person, invited_by=None)
        return
    link = one_time_link(
        person=person,
        view_name="accounts:reset-confirm",
        token=password_reset_tokens.make_token(person),
    )
    mail = render_mail(
        "accounts/mail/password_reset",
        {"person": person, "link": link, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600},
    )
    mail_queue(kind="password-reset", recipient=person.email, mail=mail)


def _reset_held_send(*, person: Person, until: datetime) -> None:
    mail = render_mail("accounts/mail/reset_held", {"person": person, "until": until})
    mail_queue(kind="password-reset-held", recipient=person.email, mail=mail)
