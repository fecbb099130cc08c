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
    """The policy as stored, or the default (passwords allowed) before anyone changed it. Reads only."""
    return SsoPolicy.objects.select_related("changed_by").filter(pk=1).first() or SsoPolicy(pk=1)


def sso_policy_locked() -> SsoPolicy:
    """The policy row, created if need be and locked until the transaction ends."""
    SsoPolicy.objects.get_or_create(pk=1)
    return SsoPolicy.objects.select_for_update().get(pk=1)


def is_break_glass(email: str) -> bool:
    break_glass = sso_settings().break_glass_email
    return bool(break_glass) and normalize_email(email) == break_glass


def password_refusal(*, email: str) -> str | None:
    """Why a password may not be used for `email` now, or None. Writes nothing.

    The policy row (made by the migration) is read under a lock, so an admin
    requiring SSO at the same moment waits for this sign-in to finish and then
    ends its session too.
    """
    with transaction.atomic():
        policy = SsoPolicy.objects.select_for_update().filter(pk=1).first()
        if policy is None or not policy.sso_required or is_break_glass(email):
            return None
    return PASSWORDS_OFF.format(label=sso_settings().button_label)
