from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from showup.actions.services import action_add_for_pair
from showup.careers import selectors, services
from showup.careers.forms import CommitmentForm, MilestoneForm, PlanForm
from showup.careers.models import CareerPlan, Milestone
from showup.meetings import selectors as meetings
from showup.meetings.errors import MeetingError
from showup.meetings.models import Pair
from showup.meetings.privacy import career_readers
from showup.meetings.views.common import attempt, found, viewer
from showup.people.models import Person


def _pair(request: HttpRequest, pair_id: int) -> Pair:
    pair = found(lambda: meetings.pair_get(person=viewer(request), pair_id=pair_id))
    if pair.relation != Pair.Relation.MANAGER:
        raise Http404
    return pair


@require_http_methods(["GET", "POST"])
def pair_career(request: HttpRequest, pair_id: int) -> HttpResponse:
    person = viewer(request)
    pair = _pair(request, pair_id)
    plan = selectors.plan_of_pair(pair=pair, reader=person)
    initial = {"aspiration": plan.aspiration if plan else CareerPlan.Aspiration.UNDECIDED}
    if plan:
        initial |= {"target_role": plan.target_role, "horizon": plan.horizon, "notes": plan.notes}
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(pair=pair, by=person, **form.cleaned_data)
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The plan is saved.")
            return redirect("careers:pair", pair.pk)
    context = {
        "pair": pair,
        "other": pair.other(person),
        "tab": "career",
        "plan": plan,
        "form": form,
        "milestone_form": MilestoneForm(),
        "commitment_form": CommitmentForm(),
        "last_conversation": selectors.last_career_conversation(pair=pair, reader=person),
        "today": timezone.localdate(),
        "statuses": Milestone.Status.choices,
        "privacy_readers": career_readers(pair, person),
    }
    return render(request, "careers/pair.html", context)


@require_POST
def milestone_add(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = _pair(request, pair_id)
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the milestone a name, and a real date if any.")
        return redirect("careers:pair", pair.pk)
    return attempt(
        request,
        lambda: services.milestone_add(pair=pair, by=viewer(request), **form.cleaned_data),
        success="Milestone added.",
        back=reverse("careers:pair", args=[pair.pk]),
    )


def _milestone(request: HttpRequest, milestone_id: int) -> Milestone:
    return found(
        lambda: selectors.milestone_get(person=viewer(request), milestone_id=milestone_id)
    )


def _milestone_news(milestone: Milestone, person: Person, status: str) -> str:
    if status != Milestone.Status.DONE:
        return "Milestone updated."
    if person.pk == milestone.plan.pair.lead_id:
        # The bargain is the manager's: their commitments to this milestone.
        return "Milestone reached. Now hold your end of the bargain."
    return f"Milestone reached. Well done: {milestone.plan.pair.lead.first_name} sees it on your plan."


@require_POST
def milestone_status(request: HttpRequest, milestone_id: int) -> HttpResponse:
    milestone = _milestone(request, milestone_id)
    status = request.POST.get("status", "")
    return attempt(
        request,
        lambda: services.milestone_set_status(
            milestone=milestone, by=viewer(request), status=status
        ),
        success=_milestone_news(milestone, viewer(request), status),
        back=reverse("careers:pair", args=[milestone.plan.pair_id]),
    )


@require_POST
def commitment_add(request: HttpRequest, milestone_id: int) -> HttpResponse:
    """The manager commits to something that serves this milestone."""
    person = viewer(request)
    milestone = _milestone(request, milestone_id)
    pair = milestone.plan.pair
    form = CommitmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say what you will do.")
        return redirect("careers:pair", pair.pk)
    upcoming = meetings.next_occurrence(pair=pair, reader=viewer(request), now=timezone.now())
    return attempt(
        request,
        lambda: action_add_for_pair(
            pair=pair,
            occurrence=upcoming,
            by=person,
            owner=person,
            milestone=milestone,
            **form.cleaned_data,
        ),
        success="Committed. It shows on every 1:1 until it is done.",
        back=reverse("careers:pair", args=[pair.pk]),
    )


@require_POST
def conversation_mark(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    occurrence = found(
        lambda: meetings.occurrence_get(person=viewer(request), occurrence_id=occurrence_id)
    )
    held = request.POST.get("held") == "on"
    return attempt(
        request,
        lambda: services.career_conversation_mark(
            occurrence=occurrence, by=viewer(request), held=held
        ),
        success="Noted as a career conversation."
        if held
        else "No longer counted as a career conversation.",
        back=reverse("pages:occurrence", args=[occurrence.pk]),
    )
