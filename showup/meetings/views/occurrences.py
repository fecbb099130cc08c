from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from showup.meetings import feeds, selectors, services
from showup.meetings.errors import MeetingError
from showup.meetings.forms import CancelForm, NoteForm, RescheduleForm
from showup.meetings.models import Occurrence
from showup.meetings.privacy import pair_readers
from showup.meetings.views.common import attempt, found, viewer


def _occurrence(request: HttpRequest, occurrence_id: int) -> Occurrence:
    return found(
        lambda: selectors.occurrence_get(person=viewer(request), occurrence_id=occurrence_id)
    )


def _back(occurrence: Occurrence, request: HttpRequest | None = None) -> str:
    """Back where the button was: the home page's quick answers return there."""
    if request is not None and request.POST.get("back") == "home":
        return reverse("pages:home")
    return reverse("pages:occurrence", args=[occurrence.pk])


def occurrence_context(request: HttpRequest, occurrence: Occurrence) -> dict[str, object]:
    """What every version of the occurrence page shows; later parts of the page add to it."""
    person = viewer(request)
    previous, following = selectors.occurrence_neighbours(occurrence=occurrence, reader=person)
    return {
        "occurrence": occurrence,
        "pair": occurrence.pair,
        "other": occurrence.pair.other(person),
        "previous": previous,
        "following": following,
        "moves": selectors.occurrence_moves(occurrence=occurrence, reader=person),
        "now": timezone.now(),
        "skip_form": NoteForm(),
        "privacy_readers": pair_readers(occurrence.pair, person),
    }


@require_POST
def occurrence_hold(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    occurrence = _occurrence(request, occurrence_id)
    return attempt(
        request,
        lambda: services.occurrence_hold(occurrence=occurrence, by=viewer(request)),
        success="Marked as held.",
        back=_back(occurrence, request),
    )


@require_POST
def occurrence_skip(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    occurrence = _occurrence(request, occurrence_id)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return attempt(
        request,
        lambda: services.occurrence_skip(occurrence=occurrence, by=viewer(request), note=note),
        success=(
            "Skipped: nothing to discuss this time. That is not a cancellation. "
            "Its open points move to your next 1:1, and come back if you put this one back on."
        ),
        back=_back(occurrence, request),
    )


@require_POST
def occurrence_missed(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    occurrence = _occurrence(request, occurrence_id)
    return attempt(
        request,
        lambda: services.occurrence_mark_missed(occurrence=occurrence, by=viewer(request)),
        success="Recorded that it did not happen.",
        back=_back(occurrence, request),
    )


@require_POST
def occurrence_restore(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    occurrence = _occurrence(request, occurrence_id)
    return attempt(
        request,
        lambda: services.occurrence_restore(occurrence=occurrence, by=viewer(request)),
        success="It is back on. Its points that had moved on, and are still open, are back on it.",
        back=_back(occurrence),
    )


@require_http_methods(["GET", "POST"])
def occurrence_cancel(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    """Cancelling first offers to move the 1:1 instead: a moved 1:1 still happens."""
    person = viewer(request)
    occurrence = _occurrence(request, occurrence_id)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.occurrence_cancel(
                occurrence=occurrence, by=person, reason=form.cleaned_data["reason"]
            )
        except MeetingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                f"Cancelled. {occurrence.pair.other(person).first_name} can see that you did, and why.",
            )
        return redirect(_back(occurrence))
    context = {
        **occurrence_context(request, occurrence),
        "cancel_form": form,
        "reschedule_form": RescheduleForm(zone=ZoneInfo(person.timezone)),
    }
    return render(request, "meetings/occurrence_cancel.html", context)


@require_http_methods(["GET", "POST"])
def occurrence_reschedule(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    person = viewer(request)
    occurrence = _occurrence(request, occurrence_id)
    form = RescheduleForm(request.POST or None, zone=ZoneInfo(person.timezone))
    if request.method == "POST" and form.is_valid():
        try:
            services.occurrence_reschedule(
                occurrence=occurrence,
                by=person,
                new_start=form.cleaned_data["new_start"],
                reason=form.cleaned_data["reason"],
            )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                "Moved. You both see the new time here, as does any calendar that follows Showup.",
            )
            return redirect(_back(occurrence))
    context = {
        **occurrence_context(request, occurrence),
        "reschedule_form": form,
        "cancel_form": CancelForm(),
    }
    return render(request, "meetings/occurrence_cancel.html", {**context, "rescheduling": True})


@require_GET
def occurrence_invite(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    occurrence = _occurrence(request, occurrence_id)
    body = feeds.occurrence_invite(occurrence=occurrence, person=viewer(request))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="1-1-{occurrence.start:%Y-%m-%d}.ics"'
    return response
