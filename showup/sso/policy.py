"""The company's rule on passwords: when SSO is required, only the break-glass admin may use one."""

from django.db import transaction

from showup.people.models import normalize_email
from showup.sso.config import sso_settings
from showup.sso.models import SsoPolicy

PASSWORDS_OFF = (
    "Your company signs in with single sign-on: passwords are switched off. "
    "Use the “{label}” button."
)


def sso_policy() -> SsoPolicy:
    policy, _ = SsoPolicy.objects.get_or_create(pk=1)
    return policy


def is_break_glass(email: str) -> bool:
    break_glass = sso_settings().break_glass_email
    return bool(break_glass) and normalize_email(email) == break_glass


def password_refusal(*, email: str) -> str | None:
    """Why a password may not be used for `email` now, or None.

    The policy row is read under a lock, so an admin requiring SSO at the same
    moment waits for this sign-in to finish and then ends its session too.
    """
    with transaction.atomic():
        sso_policy()
        policy = SsoPolicy.objects.select_for_update().get(pk=1)
        if not policy.sso_required or is_break_glass(email):
            return None
    return PASSWORDS_OFF.format(label=sso_settings().button_label)
