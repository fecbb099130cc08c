"""What every route needs: the caller, and the error answers every route may give."""

from typing import Any

from django.http import HttpRequest

from showup.api.schemas import ErrorOut, InvalidOut
from showup.people.models import Person

# Every route may answer these; a route adds its own successes (and 409 for a version check).
ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: InvalidOut,
    429: ErrorOut,
}


def caller(request: HttpRequest) -> Person:
    person = request.auth  # type: ignore[attr-defined]
    assert isinstance(person, Person)
    return person


def answers(**successes: Any) -> dict[int, Any]:
    """The responses of a route: its successes by status (`ok=`, `created=`, `conflict=`) and the errors."""
    codes = {"ok": 200, "created": 201, "conflict": 409}
    return {codes[name]: schema for name, schema in successes.items()} | ERRORS
