from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from showup.actions.selectors import follow_through
from showup.agendas.guard import PURPOSES
from showup.careers.selectors import last_career_conversation
from showup.core.fragments import render_with_kept_body
from showup.insights import selectors, services
from showup.insights.org import org_view
from showup.insights.team import team_view
from showup.meetings import selectors as meetings
from showup.meetings.models import Pair
from showup.meetings.privacy import pair_readers
from showup.meetings.stamps import pairs_key
from showup.meetings.views.common import attempt, found, viewer


@dataclass(frozen=True)
class Period:
    """The period a page shows, picked with ?period=."""

    key: str
    since: date
    until: date
    now: datetime

    @classmethod
    def of(cls, request: HttpRequest) -> "Period":
        key = selectors.period_key(request.GET.get("period"))
        now = timezone.now()
        return cls(
            key=key, since=selectors.period_start(key, now), until=timezone.localdate(), now=now
        )

    def context(self) -> dict[str, object]:
        return {
            "period": self.key,
            "periods": selectors.PERIODS,
            "since": self.since,
            "until": self.until,
            "now": self.now,
        }


@require_GET
def pair_insights(request: HttpRequest, pair_id: int) -> HttpResponse:
    person = viewer(request)
    pair = found(lambda: meetings.pair_get(person=person, pair_id=pair_id))
    period = Period.of(request)
    since, now = period.since, period.now
    numbers = selectors.numbers_by_pair(pairs=[pair.pk], since=since).get(
        pair.pk, selectors.Numbers()
    )
    check_ins, ratings = selectors.pair_trends(pair=pair, reader=person, since=since)
    records = follow_through(pair=pair, reader=person, today=timezone.localdate())
    career = (
        last_career_conversation(pair=pair, reader=person)
        if pair.relation == Pair.Relation.MANAGER
        else None
    )
    context = {
        **period.context(),
        "pair": pair,
        "other": pair.other(person),
        "tab": "insights",
        "numbers": numbers,
        "summary": meetings.summary_of(pair=pair, reader=person),
        "timeline": selectors.pair_timeline(pair=pair, reader=person, since=since, now=now),
        "check_ins": check_ins,
        "ratings": ratings,
        "lead_record": records[pair.lead_id],
        "member_record": records[pair.member_id],
        "days_since_career": (timezone.localdate() - career).days if career else None,
        "purposes": [(PURPOSES[key], count) for key, count in numbers.purposes.most_common()],
        "privacy_readers": pair_readers(pair, person),
    }
    return render(request, "insights/pair.html", context)


@require_GET
def team_insights(request: HttpRequest) -> HttpResponse:
    person = viewer(request)
    if not person.reports.filter(is_active=True).exists():
        raise Http404
    period = Period.of(request)
    led = meetings.pairs_of(person).filter(lead=person)
    return render_with_kept_body(
        request,
        reader=person,
        page="insights/team.html",
        body="insights/_team_body.html",
        stamps=(
            "team",
            period.key,
            pairs_key(pairs=led, now=period.now),
            timezone.localdate(),
        ),
        context=lambda: {
            **period.context(),
            "view": team_view(manager=person, since=period.since, now=period.now),
        },
        page_context={
            **period.context(),
            "privacy_readers": [
                "Your own reports' numbers: you, and each report about themselves.",
                "Your manager sees only aggregates across teams of three or more; admins likewise. No text, ever.",
            ],
        },
    )


ORG_PAGE = 50


@require_GET
def org_insights(request: HttpRequest) -> HttpResponse:
    """One level of the org at a time: a manager's own team and their managers' orgs to drill into."""
    person = viewer(request)
    period = Period.of(request)
    under = request.GET.get("under", "")
    if under and not under.isdigit():
        raise Http404
    view = org_view(
        viewer=person, since=period.since, now=period.now, under=int(under) if under else None
    )
    if view is None:
        raise Http404
    context = {
        **period.context(),
        "view": view,
        "page": Paginator(view.groups, ORG_PAGE).get_page(request.GET.get("page")),
        "under": under,
        "query_string": urlencode({"under": under, "period": period.key}),
        "privacy_readers": [
            "Numbers only, added up by team: no names of reports, no agendas, notes or feedback.",
            "A team smaller than three is left out of every number, here and above, so no one person's numbers can be read off.",
        ],
    }
    return render(request, "insights/org.html", context)


def _score(request: HttpRequest) -> int:
    raw = request.POST.get("score", "")
    return int(raw) if raw.isdigit() else 0


@require_POST
def check_in(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    occurrence = found(
        lambda: meetings.occurrence_get(person=viewer(request), occurrence_id=occurrence_id)
    )
    return attempt(
        request,
        lambda: services.check_in_record(
            occurrence=occurrence, by=viewer(request), score=_score(request)
        ),
        success="Thanks for telling. Only you and your manager see it.",
        back=reverse("pages:occurrence", args=[occurrence.pk]),
    )


@require_POST
def rate(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    occurrence = found(
        lambda: meetings.occurrence_get(person=viewer(request), occurrence_id=occurrence_id)
    )
    return attempt(
        request,
        lambda: services.rating_record(
            occurrence=occurrence, by=viewer(request), score=_score(request)
        ),
        success="Thanks. Ratings help your manager make these 1:1s worth your time.",
        back=reverse("pages:occurrence", args=[occurrence.pk]),
    )
