"""One-time links for invitations. Password reset links use Django's own generator."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator

from showup.people.models import Person


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Valid until the password is set (one use) or a newer invitation is sent."""

    key_salt = "showup.accounts.InvitationTokenGenerator"

    def _make_hash_value(self, user: Person, timestamp: int) -> str:
        invited = "" if user.invited_at is None else user.invited_at.timestamp()
        return f"{super()._make_hash_value(user, timestamp)}{invited}"


invitation_tokens = InvitationTokenGenerator()
