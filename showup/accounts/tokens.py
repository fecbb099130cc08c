"""One-time links: password reset and invitation."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator

from showup.people.models import Person


class PasswordLinkTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset link, valid until the password, the last sign-in or the e-mail changes.

    Django's hash holds the e-mail itself; the time of its last change is added, so a link
    sent before a change stays dead even if the address is changed back.
    """

    def _make_hash_value(self, user: Person, timestamp: int) -> str:
        changed = "" if user.email_changed_at is None else user.email_changed_at.timestamp()
        return f"{super()._make_hash_value(user, timestamp)}{changed}"


class InvitationTokenGenerator(PasswordLinkTokenGenerator):
    """Valid until the password is set (one use) or a newer invitation is sent."""

    key_salt = "showup.accounts.InvitationTokenGenerator"

    def _make_hash_value(self, user: Person, timestamp: int) -> str:
        invited = "" if user.invited_at is None else user.invited_at.timestamp()
        return f"{super()._make_hash_value(user, timestamp)}{invited}"


password_reset_tokens = PasswordLinkTokenGenerator()
invitation_tokens = InvitationTokenGenerator()
