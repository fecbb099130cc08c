"""Cross-cutting request handling: security headers, the reader's time zone, input no one may store."""

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone

from showup.core.errors import bad_request_page
from showup.core.text import text_problem


def content_security_policy() -> str:
    """Scripts and styles come from our own static files only. Images are limited to
    our own origin so that a tracking pixel pasted into a note cannot load. Pages
    connect to their own origin, and to the live stream's if it has its own."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            f"connect-src 'self' {settings.LIVE_URL}".strip(),
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


Handler = Callable[[HttpRequest], HttpResponse]


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy())
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class PersonTimezoneMiddleware:
    """Shows every time in the signed-in person's own time zone."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(zoneinfo.ZoneInfo(user.timezone))
        else:
            timezone.deactivate()
        return self.get_response(request)


class InputGuardMiddleware:
    """Refuses a request whose text no part of Showup may store (see core/text.py).

    Checked here, before any view, so that a NUL byte can never reach a query:
    PostgreSQL refuses it, SQLite would keep it. htmx gets the message as
    plain text (showup.js shows it); a plain form gets an error page.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = self._problem(request)
        if not problem:
            return self.get_response(request)
        if request.headers.get("HX-Request"):
            return HttpResponse(problem, status=400, content_type="text/plain; charset=utf-8")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": problem}, status=400)
        return bad_request_page(problem)

    @staticmethod
    def _problem(request: HttpRequest) -> str:
        values = [*request.GET.lists()]
        if request.method == "POST":
            values += [*request.POST.lists()]
        for _name, items in values:
            for value in items:
                problem = text_problem(value)
                if problem:
                    return problem
        return ""
