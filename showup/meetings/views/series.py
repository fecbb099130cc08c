from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from showup.core.converters import id_from
from showup.meetings import selectors, services
from showup.meetings.errors import MeetingError
from showup.meetings.forms import ChangeSeriesForm, NewSeriesForm, ResumeForm, people_to_meet
from showup.meetings.models import Pair, Series
from showup.meetings.recurrence import describe_rule
from showup.meetings.views.common import attempt, found, viewer
from showup.people.models import Person


@require_http_methods(["GET", "POST"])
def series_new(request: HttpRequest) -> HttpResponse:
    person = viewer(request)
    other_id = id_from(request.GET.get("with", ""))
    if other_id is None:
        return render(request, "meetings/series_choose.html", {"choices": people_to_meet(person)})
    other = found(lambda: Person.objects.exclude(pk=person.pk).get(pk=other_id, is_active=True))
    lead, _, relation = services.pair_roles(proposer=person, other=other)
    today = timezone.localdate()
    form = NewSeriesForm(
        request.POST or None, initial={"timezone": lead.timezone, "first_day": today}, today=today
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                pair, immediate = services.pair_between(
                    proposer=person, other=other, relation=form.cleaned_data["relation"]
                )
                services.series_create(
                    pair=pair, schedule=form.schedule(), by=person, immediate=immediate
                )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            done = (
                "Your 1:1 is set up."
                if immediate
                else f"Proposed. {other.first_name} will see it on their home page."
            )
            messages.success(request, done)
            return redirect("pages:pair", pair.pk)
    context = {
        "form": form,
        "other": other,
        "immediate": relation == Pair.Relation.MANAGER and lead.pk == person.pk,
        "ask_relation": relation not in (Pair.Relation.MANAGER, Pair.Relation.SKIP_LEVEL),
        "relation_label": Pair.Relation(relation).label,
    }
    return render(request, "meetings/series_form.html", context)


def _series(request: HttpRequest, series_id: int) -> Series:
    return found(lambda: selectors.series_get(person=viewer(request), series_id=series_id))


@require_http_methods(["GET", "POST"])
def series_change(request: HttpRequest, series_id: int) -> HttpResponse:
    person = viewer(request)
    series = _series(request, series_id)
    today = timezone.localdate()
    local = series.local_first_start
    initial = {
        "cadence": "custom",
        "custom_rule": series.rule,
        "first_day": today,
        "at": local.time(),
        "timezone": series.timezone,
        "duration_minutes": series.duration_minutes,
        "location": series.location,
        "max_gap_days": series.max_gap_days,
    }
    form = ChangeSeriesForm(request.POST or None, initial=initial, today=today)
    if request.method == "POST" and form.is_valid():
        schedule = form.schedule()
        try:
            services.series_change(
                series=series, schedule=schedule, by=person, from_day=schedule.first_day
            )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"From {schedule.first_day:%-d %B}: {describe_rule(schedule.rule)}."
            )
            return redirect("pages:pair", series.pair_id)
    return render(
        request,
        "meetings/series_change.html",
        {"form": form, "series": series, "other": series.pair.other(person)},
    )


@require_POST
def series_pause(request: HttpRequest, series_id: int) -> HttpResponse:
    series = _series(request, series_id)
    return attempt(
        request,
        lambda: services.series_pause(series=series, by=viewer(request)),
        success="Paused. Nothing is scheduled until one of you resumes it.",
        back=reverse("pages:pair", args=[series.pair_id]),
    )


@require_POST
def series_end(request: HttpRequest, series_id: int) -> HttpResponse:
    series = _series(request, series_id)
    return attempt(
        request,
        lambda: services.series_end(series=series, by=viewer(request)),
        success="Ended. The history stays here for both of you.",
        back=reverse("pages:pair", args=[series.pair_id]),
    )


@require_POST
def series_accept(request: HttpRequest, series_id: int) -> HttpResponse:
    series = _series(request, series_id)
    return attempt(
        request,
        lambda: services.series_accept(series=series, by=viewer(request)),
        success="Accepted. The 1:1 is in both your schedules.",
        back=reverse("pages:pair", args=[series.pair_id]),
    )


@require_POST
def series_decline(request: HttpRequest, series_id: int) -> HttpResponse:
    series = _series(request, series_id)
    withdrawn = series.created_by_id == viewer(request).pk
    return attempt(
        request,
        lambda: services.series_decline(series=series, by=viewer(request)),
        success="Proposal withdrawn." if withdrawn else "Declined.",
        back=reverse("pages:pair", args=[series.pair_id]),
    )


@require_http_methods(["GET", "POST"])
def series_resume(request: HttpRequest, series_id: int) -> HttpResponse:
    series = _series(request, series_id)
    today = timezone.localdate()
    # A series paused before it began resumes no earlier than it was to begin.
    suggested = max(today, series.local_first_start.date())
    form = ResumeForm(request.POST or None, today=today, suggested=suggested)
    if request.method == "POST" and form.is_valid():
        try:
            services.series_resume(
                series=series, by=viewer(request), from_day=form.cleaned_data["from_day"]
            )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Resumed. Welcome back.")
            return redirect("pages:pair", series.pair_id)
    return render(
        request,
        "meetings/series_resume.html",
        {"form": form, "series": series, "other": series.pair.other(viewer(request))},
    )
