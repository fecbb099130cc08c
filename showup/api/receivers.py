"""What the API does when single sign-on becomes required: its password-made tokens are counted and stopped."""

from datetime import datetime
from typing import Any

from django.dispatch import receiver

from showup.api.selectors import tokens_made_with_passwords
from showup.api.services import tokens_revoke_made_with_passwords
from showup.sso.signals import password_credentials_counted, password_credentials_revoke

WHAT = "API tokens"


@receiver(password_credentials_counted)
def count_password_tokens(
    sender: Any, *, now: datetime, except_person_id: int | None, **_: Any
) -> tuple[str, int]:
    return WHAT, tokens_made_with_passwords(now=now, except_person_id=except_person_id).count()


@receiver(password_credentials_revoke)
def revoke_password_tokens(
    sender: Any, *, now: datetime, except_person_id: int | None, **_: Any
) -> tuple[str, int]:
    return WHAT, tokens_revoke_made_with_passwords(now=now, except_person_id=except_person_id)
