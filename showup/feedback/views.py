from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from showup.core.converters import id_from
from showup.feedback import selectors, services
from showup.feedback.forms import AnswerForm, BlockerForm, CloseBlockerForm, FeedbackForm
from showup.feedback.models import Blocker
from showup.meetings import selectors as meetings
from showup.meetings.errors import MeetingError
from showup.meetings.privacy import feedback_readers
from showup.meetings.views.common import attempt, found, viewer

RETURN_PAGES = {"team": "feedback:team", "mine": "feedback:mine"}


def _back(request: HttpRequest, default: str) -> str:
    """Back where the form was: the 1:1 page, the team page, one's own feedback, or `default`."""
    occurrence = id_from(request.POST.get("occurrence", ""))
    if occurrence is not None:
        return reverse("pages:occurrence", args=[occurrence])
    page = RETURN_PAGES.get(request.POST.get("next", ""))
    return reverse(page) if page else default


@require_http_methods(["GET", "POST"])
def pair_feedback(request: HttpRequest, pair_id: int) -> HttpResponse:
    person = viewer(request)
    pair = found(lambda: meetings.pair_get(person=person, pair_id=pair_id))
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        occurrence_id = id_from(request.POST.get("occurrence", ""))
        occurrence = (
            found(lambda: meetings.occurrence_get(person=person, occurrence_id=occurrence_id))
            if occurrence_id is not None
            else None
        )
        try:
            services.feedback_give(
                pair=pair,
                giver=person,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                occurrence=occurrence,
            )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Thank you. {pair.other(person).first_name} can read it now."
            )
            return redirect(_back(request, reverse("feedback:pair", args=[pair.pk])))
    context = {
        "pair": pair,
        "other": pair.other(person),
        "tab": "feedback",
        "form": form,
        "feedback": list(selectors.feedback_of_pair(pair=pair, reader=person)),
        "answer_form": AnswerForm(),
        "privacy_readers": feedback_readers(pair, person),
    }
    return render(request, "feedback/pair.html", context)


@require_POST
def feedback_answer(request: HttpRequest, feedback_id: int) -> HttpResponse:
    feedback = found(
        lambda: selectors.feedback_get(person=viewer(request), feedback_id=feedback_id)
    )
    form = AnswerForm(request.POST)
    response = form.cleaned_data["response"] if form.is_valid() else ""
    return attempt(
        request,
        lambda: services.feedback_respond(
            feedback=feedback, by=viewer(request), response=response
        ),
        success="Answered. They can see what you did about it.",
        back=_back(request, reverse("feedback:pair", args=[feedback.pair_id])),
    )


@require_POST
def feedback_discussed(request: HttpRequest, feedback_id: int) -> HttpResponse:
    feedback = found(
        lambda: selectors.feedback_get(person=viewer(request), feedback_id=feedback_id)
    )
    return attempt(
        request,
        lambda: services.feedback_set_discussed(
            feedback=feedback, by=viewer(request), discussed=True
        ),
        success="Marked as talked through.",
        back=_back(request, reverse("feedback:pair", args=[feedback.pair_id])),
    )


@require_GET
def my_feedback(request: HttpRequest) -> HttpResponse:
    person = viewer(request)
    context = {
        "received": list(selectors.feedback_received(person=person)[:50]),
        "given": list(selectors.feedback_given(person=person)[:50]),
        "upward": list(selectors.upward_feedback_to(manager=person)[:100]),
        "answer_form": AnswerForm(),
    }
    return render(request, "feedback/mine.html", context)


@require_http_methods(["GET", "POST"])
def pair_blockers(request: HttpRequest, pair_id: int) -> HttpResponse:
    person = viewer(request)
    pair = found(lambda: meetings.pair_get(person=person, pair_id=pair_id))
    form = BlockerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.blocker_log(
                pair=pair,
                by=person,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
            )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Logged. {pair.lead.first_name} owns it until it is resolved or declined with a reason.",
            )
            return redirect(_back(request, reverse("feedback:blockers", args=[pair.pk])))
    context = {
        "pair": pair,
        "other": pair.other(person),
        "tab": "blockers",
        "form": form,
        "blockers": list(selectors.blockers_of_pair(pair=pair, reader=person)),
        "close_form": CloseBlockerForm(),
        "now": timezone.now(),
        "privacy_readers": feedback_readers(pair, person),
    }
    return render(request, "feedback/blockers.html", context)


def _blocker(request: HttpRequest, blocker_id: int) -> Blocker:
    return found(lambda: selectors.blocker_get(person=viewer(request), blocker_id=blocker_id))


@require_POST
def blocker_resolve(request: HttpRequest, blocker_id: int) -> HttpResponse:
    blocker = _blocker(request, blocker_id)
    outcome = request.POST.get("outcome", "")
    return attempt(
        request,
        lambda: services.blocker_resolve(blocker=blocker, by=viewer(request), outcome=outcome),
        success="Resolved. Thank you for acting on it.",
        back=_back(request, reverse("feedback:blockers", args=[blocker.pair_id])),
    )


@require_POST
def blocker_decline(request: HttpRequest, blocker_id: int) -> HttpResponse:
    blocker = _blocker(request, blocker_id)
    reason = request.POST.get("outcome", "")
    return attempt(
        request,
        lambda: services.blocker_decline(blocker=blocker, by=viewer(request), reason=reason),
        success="Declined. They can see your reason.",
        back=_back(request, reverse("feedback:blockers", args=[blocker.pair_id])),
    )


@require_GET
def team(request: HttpRequest) -> HttpResponse:
    """The manager's view across their reports: blockers side by side, and what the team told them."""
    person = viewer(request)
    if not person.reports.filter(is_active=True).exists():
        raise Http404
    blockers = list(selectors.team_blockers(manager=person))
    by_kind: dict[str, list[Blocker]] = {}
    for blocker in blockers:
        if blocker.status == Blocker.Status.OPEN:
            by_kind.setdefault(blocker.get_kind_display(), []).append(blocker)
    context = {
        "open_by_kind": sorted(by_kind.items(), key=lambda item: -len(item[1])),
        "closed": [blocker for blocker in blockers if blocker.status != Blocker.Status.OPEN][:30],
        "upward": list(selectors.upward_feedback_to(manager=person)[:30]),
        "close_form": CloseBlockerForm(),
        "now": timezone.now(),
        "tab": "team",
        "team_readers": [
            "Each blocker's text: the person who logged it and you, their manager. Your own manager and admins never see it.",
        ],
    }
    return render(request, "feedback/team.html", context)
