from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from showup.core.converters import id_from
from showup.meetings import selectors, services
from showup.meetings.views.common import attempt, found, viewer

HISTORY_PAGE = 20


@require_GET
def pair_next(request: HttpRequest, pair_id: int) -> HttpResponse:
    """Where a calendar event's link lands: the pair's next 1:1, or the pair page."""
    person = viewer(request)
    pair = found(lambda: selectors.pair_get(person=person, pair_id=pair_id))
    upcoming = selectors.next_occurrence(pair=pair, reader=person, now=timezone.now())
    if upcoming is None:
        return redirect("pages:pair", pair.pk)
    return redirect("pages:occurrence", upcoming.pk)


@require_POST
def pair_rhythms(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = found(lambda: selectors.pair_get(person=viewer(request), pair_id=pair_id))
    feedback_days, career_days = (
        request.POST.get("feedback_days", ""),
        request.POST.get("career_days", ""),
    )
    if id_from(feedback_days) is None or id_from(career_days) is None:
        messages.error(request, "Give both rhythms as a number of days.")
        return redirect("pages:pair", pair.pk)
    return attempt(
        request,
        lambda: services.pair_set_rhythms(
            pair=pair,
            by=viewer(request),
            feedback_days=int(feedback_days),
            career_days=int(career_days),
        ),
        success="Rhythms saved.",
        back=reverse("pages:pair", args=[pair.pk]),
    )
