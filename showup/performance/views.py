from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from showup.core.converters import id_from
from showup.meetings import selectors as meetings
from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence, Pair
from showup.meetings.privacy import performance_readers
from showup.meetings.views.common import attempt, found, viewer
from showup.people.models import Person
from showup.performance import selectors, services
from showup.performance.forms import (
    AcknowledgeForm,
    ObservationForm,
    ReviewForm,
    ReviewPeriodForm,
    ReviewPointForm,
)
from showup.performance.models import Observation, Review
from showup.performance.rules import review_flags, shareable_on


def _pair(request: HttpRequest, pair_id: int) -> Pair:
    pair = found(lambda: meetings.pair_get(person=viewer(request), pair_id=pair_id))
    if pair.relation != Pair.Relation.MANAGER:
        raise Http404
    return pair


def raisable_occurrences(pair: Pair, reader: Person) -> list[Occurrence]:
    """The 1:1s a concern could have been raised in: begun, and not called off."""
    return meetings.pair_begun_and_not_called_off(
        pair=pair, reader=reader, now=timezone.now(), limit=12
    )


def offer_raisable(observations: list[Observation], occurrences: list[Occurrence]) -> None:
    """Each observation is offered the 1:1s it could be marked raised in, by its own rule."""
    now = timezone.now()
    for observation in observations:
        observation.raisable = [  # type: ignore[attr-defined]
            occurrence
            for occurrence in occurrences
            if observation.raise_refusal(occurrence, now) is None
        ]


@require_http_methods(["GET", "POST"])
def pair_performance(request: HttpRequest, pair_id: int) -> HttpResponse:
    person = viewer(request)
    pair = _pair(request, pair_id)
    is_manager = pair.lead_id == person.pk
    form = ObservationForm(request.POST or None)
    if request.method == "POST":
        if not is_manager:
            raise Http404
        if form.is_valid():
            try:
                services.observation_record(pair=pair, by=person, **form.cleaned_data)
            except MeetingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"Recorded. {pair.member.first_name} sees it once you raise it in a 1:1.",
                )
                return redirect("performance:pair", pair.pk)
    observations = list(selectors.observations_of_pair(pair=pair, person=person))
    if is_manager:
        offer_raisable(observations, raisable_occurrences(pair, person))
    context = {
        "pair": pair,
        "other": pair.other(person),
        "tab": "performance",
        "is_manager": is_manager,
        "form": form,
        "observations": observations,
        "reviews": list(selectors.reviews_of_pair(pair=pair, person=person)),
        "acknowledge_form": AcknowledgeForm(),
        "period_form": ReviewPeriodForm(),
        "privacy_readers": performance_readers(pair, person),
    }
    return render(request, "performance/pair.html", context)


def back_to_occurrence(request: HttpRequest) -> str | None:
    occurrence_id = id_from(request.POST.get("occurrence", ""))
    return reverse("pages:occurrence", args=[occurrence_id]) if occurrence_id else None


def _observation(request: HttpRequest, observation_id: int) -> Observation:
    return found(
        lambda: selectors.observation_get(person=viewer(request), observation_id=observation_id)
    )


@require_http_methods(["GET", "POST"])
def observation_amend(request: HttpRequest, observation_id: int) -> HttpResponse:
    person = viewer(request)
    observation = _observation(request, observation_id)
    if observation.pair.lead_id != person.pk:
        raise Http404
    initial = {
        "kind": observation.kind,
        "text": observation.text,
        "evidence": observation.evidence,
    }
    form = ObservationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.observation_amend(observation=observation, by=person, **form.cleaned_data)
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Amended. What it said before is kept.")
            return redirect("performance:pair", observation.pair_id)
    context = {
        "observation": observation,
        "form": form,
        "pair": observation.pair,
        "other": observation.pair.member,
    }
    return render(request, "performance/amend.html", context)


@require_POST
def observation_raise(request: HttpRequest, observation_id: int) -> HttpResponse:
    person = viewer(request)
    observation = _observation(request, observation_id)
    occurrence_id = id_from(request.POST.get("occurrence", ""))
    occurrence = (
        found(lambda: meetings.occurrence_get(person=person, occurrence_id=occurrence_id))
        if occurrence_id is not None
        else None
    )
    back = reverse("performance:pair", args=[observation.pair_id])
    if occurrence is None:
        messages.error(request, "Pick the 1:1 in which you raised it.")
        return redirect(back)
    return attempt(
        request,
        lambda: services.observation_raise(
            observation=observation, by=person, occurrence=occurrence
        ),
        success=f"Marked raised on {occurrence.start:%-d %b}. {observation.pair.member.first_name} can read it now.",
        back=back,
    )


@require_POST
def observation_acknowledge(request: HttpRequest, observation_id: int) -> HttpResponse:
    observation = _observation(request, observation_id)
    form = AcknowledgeForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return attempt(
        request,
        lambda: services.observation_acknowledge(
            observation=observation, by=viewer(request), comment=comment
        ),
        success="Acknowledged. Your manager sees your comment.",
        back=back_to_occurrence(request)
        or reverse("performance:pair", args=[observation.pair_id]),
    )


@require_POST
def review_new(request: HttpRequest, pair_id: int) -> HttpResponse:
    person = viewer(request)
    pair = _pair(request, pair_id)
    form = ReviewPeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the review a period: a start date and an end date after it.")
        return redirect("performance:pair", pair.pk)
    try:
        review = services.review_create(pair=pair, by=person, **form.cleaned_data)
    except MeetingError as error:
        messages.error(request, str(error))
        return redirect("performance:pair", pair.pk)
    return redirect("performance:review", review.pk)


def _review(request: HttpRequest, review_id: int) -> Review:
    return found(lambda: selectors.review_get(person=viewer(request), review_id=review_id))


@require_http_methods(["GET", "POST"])
def review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    person = viewer(request)
    review = _review(request, review_id)
    is_manager = review.pair.lead_id == person.pk
    form = ReviewForm(
        request.POST or None, initial={"summary": review.summary, "rating": review.rating}
    )
    if request.method == "POST":
        if not is_manager:
            raise Http404
        if form.is_valid():
            try:
                services.review_update(
                    review=review,
                    by=person,
                    summary=form.cleaned_data["summary"],
                    rating=form.cleaned_data["rating"],
                )
            except MeetingError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Saved.")
                return redirect("performance:review", review.pk)
    return render(request, "performance/review.html", review_context(review, person, form))


def review_context(review: Review, person: Person, form: ReviewForm) -> dict[str, object]:
    points = selectors.review_points(review=review)
    is_manager = review.pair.lead_id == person.pk
    flags = (
        review_flags(
            review,
            points=points,
            concerns_in_period=selectors.concerns_raised_in(review=review),
            now=timezone.now(),
        )
        if is_manager
        else []
    )
    observations = selectors.observations_of_pair(pair=review.pair, person=person)
    return {
        "review": review,
        "pair": review.pair,
        "other": review.pair.other(person),
        "is_manager": is_manager,
        "points": points,
        "flags": flags,
        "form": form,
        "point_form": ReviewPointForm(observations=observations),
        "rating_label": review.rating and _rating_label(review.rating),
        "shareable_on": {
            observation.pk: shareable_on(observation) for observation in observations
        },
        "privacy_readers": performance_readers(review.pair, person),
        "no_surprise_days": settings.NO_SURPRISE_DAYS,
    }


def _rating_label(rating: int) -> str:
    labels = settings.REVIEW_RATINGS
    return labels[rating - 1] if 1 <= rating <= len(labels) else str(rating)


@require_POST
def review_point_add(request: HttpRequest, review_id: int) -> HttpResponse:
    person = viewer(request)
    review = _review(request, review_id)
    if review.pair.lead_id != person.pk:
        raise Http404
    form = ReviewPointForm(
        request.POST, observations=selectors.observations_of_pair(pair=review.pair, person=person)
    )
    if not form.is_valid():
        messages.error(request, "Write the point; link only observations listed.")
        return redirect("performance:review", review.pk)
    return attempt(
        request,
        lambda: services.review_point_add(
            review=review,
            by=person,
            text=form.cleaned_data["text"],
            is_concern=form.cleaned_data["is_concern"],
            observations=list(form.cleaned_data["observations"]),
        ),
        success="Point added.",
        back=reverse("performance:review", args=[review.pk]),
    )


@require_POST
def review_point_remove(request: HttpRequest, review_id: int, point_id: int) -> HttpResponse:
    person = viewer(request)
    point = found(
        lambda: selectors.review_point_get(person=person, review_id=review_id, point_id=point_id)
    )
    return attempt(
        request,
        lambda: services.review_point_remove(point=point, by=person),
        success="Point removed.",
        back=reverse("performance:review", args=[point.review_id]),
    )


@require_POST
def review_share(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _review(request, review_id)
    return attempt(
        request,
        lambda: services.review_share(review=review, by=viewer(request)),
        success=f"Shared with {review.pair.member.first_name}.",
        back=reverse("performance:review", args=[review.pk]),
    )


@require_GET
def team_concerns(request: HttpRequest) -> HttpResponse:
    """Per report, every concern and the date it was first raised in a 1:1."""
    person = viewer(request)
    if not person.reports.filter(is_active=True).exists():
        raise Http404
    by_report: dict[Person, list[Observation]] = {}
    for concern in selectors.concerns_by_report(manager=person):
        by_report.setdefault(concern.pair.member, []).append(concern)
    context = {
        "by_report": list(by_report.items()),
        "tab": "concerns",
        "team_readers": [
            "Your observations: you alone, and each report once raised with them. Your own manager and admins never see them."
        ],
    }
    return render(request, "performance/team.html", context)
