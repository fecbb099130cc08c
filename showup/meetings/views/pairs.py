from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from showup.core.fragments import render_with_kept_body
from showup.meetings import selectors, services
from showup.meetings.privacy import pair_readers
from showup.meetings.stamps import pairs_key
from showup.meetings.views.common import attempt, found, viewer

HISTORY_PAGE = 20


@require_GET
def pair_detail(request: HttpRequest, pair_id: int) -> HttpResponse:
    person = viewer(request)
    pair = found(lambda: selectors.pair_get(person=person, pair_id=pair_id))
    now = timezone.now()
    pairs = selectors.pairs_of(person).filter(pk=pair.pk)
    page_number = request.GET.get("page", "")

    def context() -> dict[str, object]:
        series = selectors.current_series(pair=pair)
        return {
            "pair": pair,
            "other": pair.other(person),
            "series": series,
            "summary": selectors.summary_of(pair),
            "alert": selectors.gap_alert(series, now) if series else None,
            "upcoming": selectors.pair_upcoming(pair=pair, now=now),
            "history": Paginator(selectors.pair_past(pair=pair, now=now), HISTORY_PAGE).get_page(
                page_number
            ),
            "events": selectors.pair_events(pair=pair),
            "now": now,
        }

    return render_with_kept_body(
        request,
        reader=person,
        page="meetings/pair.html",
        body="meetings/_pair_body.html",
        stamps=(
            "pair",
            pair.pk,
            page_number,
            pairs_key(pairs=pairs, now=now),
            timezone.localdate(),
        ),
        context=context,
        page_context={
            "pair": pair,
            "other": pair.other(person),
            "privacy_readers": pair_readers(pair, person),
        },
    )


@require_GET
def pair_next(request: HttpRequest, pair_id: int) -> HttpResponse:
    """Where a calendar event's link lands: the pair's next 1:1, or the pair page."""
    pair = found(lambda: selectors.pair_get(person=viewer(request), pair_id=pair_id))
    upcoming = selectors.next_occurrence(pair=pair, now=timezone.now())
    if upcoming is None:
        return redirect("meetings:pair", pair.pk)
    return redirect("meetings:occurrence", upcoming.pk)


@require_POST
def pair_rhythms(request: HttpRequest, pair_id: int) -> HttpResponse:
    pair = found(lambda: selectors.pair_get(person=viewer(request), pair_id=pair_id))
    feedback_days, career_days = (
        request.POST.get("feedback_days", ""),
        request.POST.get("career_days", ""),
    )
    if not (feedback_days.isdigit() and career_days.isdigit()):
        messages.error(request, "Give both rhythms as a number of days.")
        return redirect("meetings:pair", pair.pk)
    return attempt(
        request,
        lambda: services.pair_set_rhythms(
            pair=pair,
            by=viewer(request),
            feedback_days=int(feedback_days),
            career_days=int(career_days),
        ),
        success="Rhythms saved.",
        back=reverse("meetings:pair", args=[pair.pk]),
    )
