from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from showup.people.models import Person, normalize_email


class EmailBackend(ModelBackend):
    """Signs in with an e-mail address in any letter case. Deactivated people are refused."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Person | None:
        if username is None or password is None:
            return None
        user = super().authenticate(
            request, username=normalize_email(username), password=password, **kwargs
        )
        return user if isinstance(user, Person) else None
