"""Who is calling: a bearer token (no CSRF: a script holds no cookie to forge), or the browser session (CSRF on writes)."""

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from showup.api.selectors import token_find
from showup.api.services import token_use
from showup.people.models import Person

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class ScopeRefused(Exception):
    """A read token asked to change something."""


class CsrfRefused(Exception):
    """A cookie session's write came without the CSRF token."""


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


class TokenAuth(HttpBearer):
    """`Authorization: Bearer shu_…`: a personal access token, counted against its rate limit."""

    def authenticate(self, request: HttpRequest, token: str) -> Person | None:
        now = timezone.now()
        found = token_find(secret=token, now=now)
        if found is None:
            return None
        wait = token_use(token=found, now=now)
        if wait is not None:
            raise RateLimited(wait)
        if request.method not in SAFE_METHODS and not found.can_write:
            raise ScopeRefused
        return found.person


class SessionAuth(APIKeyCookie):
    """The signed-in browser. Unlike ninja's own, a request with no session is simply not this kind,
    so a wrong token answers 401 rather than a CSRF failure."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Person | None:
        user = getattr(request, "user", None)
        if not isinstance(user, Person):
            return None
        if request.method not in SAFE_METHODS and check_csrf(request):
            raise CsrfRefused
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Person | None:
        return self(request)
