"""Invitations and password reset mail: both go out through the outbox."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from showup.accounts.tokens import invitation_tokens
from showup.mail.rendering import render_mail
from showup.mail.services import mail_queue
from showup.people.models import Person


def absolute_url(path: str) -> str:
    return f"{settings.BASE_URL}{path}"


def one_time_link(*, person: Person, view_name: str, token: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    return absolute_url(reverse(view_name, kwargs={"uidb64": uid, "token": token}))


def invitation_send(*, person: Person, invited_by: Person | None) -> None:
    """Mails `person` a one-time link to set a password; an older link stops working."""
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
    """Invites every active person who has never been invited nor signed in."""
    pending = Person.objects.filter(
        is_active=True, invited_at__isnull=True, last_login__isnull=True
    )
    count = 0
    for person in pending:
        if not person.has_usable_password():
            invitation_send(person=person, invited_by=invited_by)
            count += 1
    return count


def password_reset_send(*, person: Person) -> None:
    """A reset link for someone with a password; a fresh invitation for someone without."""
    if not person.has_usable_password():
        invitation_send(person=person, invited_by=None)
        return
    link = one_time_link(
        person=person,
        view_name="accounts:reset-confirm",
        token=default_token_generator.make_token(person),
    )
    mail = render_mail(
        "accounts/mail/password_reset",
        {"person": person, "link": link, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600},
    )
    mail_queue(kind="password-reset", recipient=person.email, mail=mail)
