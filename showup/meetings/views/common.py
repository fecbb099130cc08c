from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from showup.meetings.errors import MeetingError
from showup.people.models import Person

T = TypeVar("T")


def viewer(request: HttpRequest) -> Person:
    assert isinstance(request.user, Person)
    return request.user


def found(read: Callable[[], T]) -> T:
    """What a selector returns, or 404: not yours and not there look the same."""
    try:
        return read()
    except ObjectDoesNotExist:
        raise Http404 from None


def attempt(
    request: HttpRequest, change: Callable[[], object], *, success: str, back: str
) -> HttpResponse:
    """Runs a service; a refusal becomes a message, and nothing is changed."""
    try:
        change()
    except MeetingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(back)
