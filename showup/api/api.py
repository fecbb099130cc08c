"""The versioned JSON API, /api/v1/. Its OpenAPI document is generated from the routes' typed schemas.

django-ninja rather than Django REST framework with drf-spectacular: the
document comes straight from the type hints and pydantic schemas of each
route, with no serializer layer and no schema annotations to keep in step.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.request import RawPostDataException
from django.urls import URLPattern, URLResolver, re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from showup.actions.selectors import action_get
from showup.agendas.selectors import point_get
from showup.api.auth import CsrfRefused, RateLimited, ScopeRefused, SessionAuth, TokenAuth
from showup.api.reference import Reference
from showup.api.routes import actions, agendas, feedback, insights, notes, pairs, search
from showup.feedback.selectors import feedback_get
from showup.meetings.errors import MeetingError
from showup.meetings.selectors import occurrence_get, pair_get, series_get
from showup.people.models import Person

DESCRIPTION = """
The signed-in person's 1:1s: pairs, series and occurrences, agendas, notes,
action items, feedback, check-ins and ratings, insights and search.

Everything reads and writes through the same rules as the pages: what you
may not read answers 404, exactly like what does not exist. Authenticate
with `Authorization: Bearer <token>` (make a token under your name →
API tokens), or with your browser session plus the CSRF token on writes.
See [the API guide](/help/api/) for a quick start.
"""

api = NinjaAPI(
    title="Showup API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=[TokenAuth(), SessionAuth()],
    # Rendered on the server in Showup's layout: accessible, and no script from anywhere.
    docs=Reference(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
for module in (pairs, agendas, notes, actions, feedback, insights, search):
    api.add_router("", module.router)

NOT_JSON = "Send the body as JSON, with Content-Type: application/json."

# What a path names, read as the pages read it: a body error must not answer before
# "not yours" does, or it would tell a stranger something the pages never tell.
PATH_READERS: dict[str, Callable[[Person, int], object]] = {
    "pair_id": lambda person, pk: pair_get(person=person, pair_id=pk),
    "series_id": lambda person, pk: series_get(person=person, series_id=pk),
    "occurrence_id": lambda person, pk: occurrence_get(person=person, occurrence_id=pk),
    "point_id": lambda person, pk: point_get(person=person, point_id=pk),
    "item_id": lambda person, pk: action_get(person=person, item_id=pk),
    "feedback_id": lambda person, pk: feedback_get(person=person, feedback_id=pk),
}


def _path_hidden(request: HttpRequest) -> bool:
    person = getattr(request, "auth", None)
    match = request.resolver_match
    if not isinstance(person, Person) or match is None:
        return True
    for name, value in match.kwargs.items():
        reader = PATH_READERS.get(name)
        try:
            if reader:
                reader(person, int(value))
        except ObjectDoesNotExist:
            return True
    return False


def _answer(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
    return api.create_response(request, body, status=status)


def _unless_hidden(request: HttpRequest, status: int, detail: object) -> HttpResponse:
    """A complaint about the request, unless its path names something the caller may not read."""
    if _path_hidden(request):
        return _answer(request, 404, {"detail": "Not found."})
    return _answer(request, status, {"detail": detail})


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return _unless_hidden(request, 422, error.errors)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    if error.status_code == 400:  # ninja could not parse the body
        return _unless_hidden(request, 400, NOT_JSON)
    return _answer(request, error.status_code, {"detail": str(error)})


@api.exception_handler(RawPostDataException)
def form_body(request: HttpRequest, error: RawPostDataException) -> HttpResponse:
    """A multipart form was read as a form before the API saw it."""
    return _unless_hidden(request, 400, NOT_JSON)


@api.exception_handler(ObjectDoesNotExist)
def not_found(request: HttpRequest, error: ObjectDoesNotExist) -> HttpResponse:
    return _answer(request, 404, {"detail": "Not found."})


@api.exception_handler(MeetingError)
def refused(request: HttpRequest, error: MeetingError) -> HttpResponse:
    return _answer(request, 400, {"detail": str(error)})


@api.exception_handler(ScopeRefused)
def read_only(request: HttpRequest, error: ScopeRefused) -> HttpResponse:
    return _answer(
        request, 403, {"detail": "This token may only read. Make a write token to change things."}
    )


@api.exception_handler(CsrfRefused)
def csrf_missing(request: HttpRequest, error: CsrfRefused) -> HttpResponse:
    return _answer(
        request,
        403,
        {"detail": "A write with a browser session needs the CSRF token (X-CSRFToken header)."},
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    """No token, or one that is wrong, expired, revoked or its person's no longer (RFC 6750)."""
    response = _answer(request, 401, {"detail": "Give a valid token: Authorization: Bearer shu_…"})
    challenge = 'Bearer realm="showup"'
    if request.headers.get("Authorization", "").lower().startswith("bearer "):
        challenge += ', error="invalid_token"'
    response["WWW-Authenticate"] = challenge
    return response


@api.exception_handler(RateLimited)
def too_many(request: HttpRequest, error: RateLimited) -> HttpResponse:
    response = _answer(
        request,
        429,
        {"detail": f"This token made too many requests. Try again in {error.retry_after} s."},
    )
    response["Retry-After"] = str(error.retry_after)
    return response


@csrf_exempt  # it changes nothing, and answers every method alike
@login_not_required
def unknown(request: HttpRequest) -> HttpResponse:
    """Anything else under /api/v1/, such as a word where an id goes: a 404 in JSON, like the rest."""
    return JsonResponse({"detail": "Not found."}, status=404)


def api_urls() -> tuple[list[URLPattern | URLResolver], str, str]:
    """The API's URLs. Tokens are checked by the API itself, so the site's sign-in redirect stays out."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback.login_required = False  # type: ignore[attr-defined]
    return [*patterns, re_path(r"^.*$", unknown)], app_name, namespace
