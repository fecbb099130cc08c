from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from showup.core.resend import mark_refused
from showup.core.responses import RenderedAfterCommit
from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence
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
    """Runs a service; a refusal is answered at once (409) with why, and nothing is changed.

    The refusal is not a redirect with a message for later: a client that does
    not keep cookies would then see a 200 and no word of why nothing happened.
    """
    try:
        change()
    except MeetingError as error:
        mark_refused(request)
        context = {"message": str(error), "back": back}
        return render(request, "core/refused.html", context, status=409)
    messages.success(request, success)
    return redirect(back)


def section_response(
    request: HttpRequest,
    occurrence: Occurrence,
    *,
    template: str,
    anchor: str,
    section: Callable[[], dict[str, object]],
    error: str = "",
) -> HttpResponse:
    """One section of the 1:1 page for htmx; back to the page (with any error) for a plain form post."""
    if error:
        mark_refused(request)
    if not request.htmx:  # type: ignore[attr-defined]
        if error:
            messages.error(request, error)
        return redirect(reverse("pages:occurrence", args=[occurrence.pk]) + f"#{anchor}")

    def context() -> dict[str, object]:
        return {
            "occurrence": occurrence,
            "pair": occurrence.pair,
            "other": occurrence.pair.other(viewer(request)),
            f"{anchor}_error": error,
            **section(),
        }

    return RenderedAfterCommit(request, template, context)


def after_change(
    change: Callable[[], object], respond: Callable[[str], HttpResponse]
) -> HttpResponse:
    """Runs a service and answers with the section, carrying the refusal if there was one."""
    try:
        change()
    except MeetingError as error:
        return respond(str(error))
    return respond("")
