"""What a company subscription is told: each team's numbers for a closed week, never one pair's event.

An admin may see numbers per team of three or more on the org view, and no
more; a company webhook carries the same (insights/company.py decides what
may be told). A week is told once it has closed and SETTLE has passed, so
that most "did it happen?" answers are in; each of the last RECHECKED weeks
is told again if its numbers change after that (an answer given late).

Teams are named by a key of their own, the same for one subscription from
week to week and different for every other: it is not a person's id, and
cannot be turned back into one, nor matched across two subscriptions.
"""

import hashlib
import json
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from showup.insights.company import (
    CompanyWeek,
    TeamWeek,
    closed_week_before,
    company_week,
    company_week_totals,
)
from showup.insights.selectors import Numbers
from showup.integrations.delivery import delivery_queue_webhook
from showup.integrations.models import TEAMS_WEEK, CompanyWeekSent, WebhookSubscription

Data = dict[str, object]
# Long enough for most "did it happen?" answers to come in after the week ends.
SETTLE = timedelta(days=2)
RECHECKED = 4


def company_weeks_tell(*, now: datetime | None = None) -> int:
    """Queues each company subscription's due weeks: new ones, and recent ones whose numbers changed."""
    now = now or timezone.now()
    newest = closed_week_before(now - SETTLE)
    weeks = [newest - timedelta(weeks=back) for back in range(RECHECKED)]
    subscriptions = [
        subscription
        for subscription in WebhookSubscription.objects.filter(owner__isnull=True)
        if TEAMS_WEEK in subscription.events
    ]
    if not subscriptions:
        return 0
    companies: dict[date, CompanyWeek] = {}
    queued = 0
    for subscription in subscriptions:
        for week in _due_weeks(subscription, newest, weeks):
            if week not in companies:
                companies[week] = company_week(week=week, now=now)
            queued += _tell(subscription, companies[week])
    return queued


def _due_weeks(subscription: WebhookSubscription, newest: date, weeks: list[date]) -> list[date]:
    """The newest closed week, and the recent weeks already told (to see if they changed)."""
    told = set(subscription.weeks_sent.filter(week__in=weeks).values_list("week", flat=True))
    return sorted(told | {newest})


@transaction.atomic
def _tell(subscription: WebhookSubscription, company: CompanyWeek) -> int:
    digest = week_digest(company)
    # One worker runs the job at a time (core/jobs.py), so this read is not raced.
    before = CompanyWeekSent.objects.filter(subscription=subscription, week=company.week).first()
    if before is not None and before.digest == digest:
        return 0
    reason = "week closed" if before is None else "numbers changed"
    delivery_queue_webhook(
        subscription=subscription,
        event=TEAMS_WEEK,
        data=company_week_payload(subscription=subscription, company=company, reason=reason),
    )
    CompanyWeekSent.objects.update_or_create(
        subscription=subscription,
        week=company.week,
        defaults={"digest": digest, "sent_at": timezone.now()},
    )
    return 1


def week_digest(company: CompanyWeek) -> str:
    """What a week's numbers are, without what is counted at sending time (gaps): a change of it is news."""
    teams = sorted(
        (team.lead_id, team.people, team.pairs, team.moved, *_counts(team.numbers).values())
        for team in company.teams
    )
    body = json.dumps([company.week.isoformat(), company.left_out_people, teams])
    return hashlib.sha256(body.encode()).hexdigest()


def company_week_payload(
    *, subscription: WebhookSubscription, company: CompanyWeek, reason: str
) -> Data:
    teams = sorted(
        (_team(subscription, team) for team in company.teams), key=lambda row: str(row["team"])
    )
    total = company_week_totals(company)
    return {
        "week": {
            "start": company.week.isoformat(),
            "end": (company.week + timedelta(days=6)).isoformat(),
        },
        "reason": reason,
        "teams": teams,
        "company": {
            "teams": len(company.teams),
            "people": sum(team.people for team in company.teams),
            **_counts(total),
            "moved": sum(team.moved for team in company.teams),
            "over_gap": sum(team.over_gap for team in company.teams),
        },
        "left_out": {"people": company.left_out_people},
    }


def _team(subscription: WebhookSubscription, team: TeamWeek) -> Data:
    return {
        "team": team_key(subscription=subscription, lead_id=team.lead_id),
        "people": team.people,
        "pairs": team.pairs,
        **_counts(team.numbers),
        "moved": team.moved,
        "over_gap": team.over_gap,
    }


def _counts(numbers: Numbers) -> Data:
    return {
        "held": numbers.held,
        "skipped": numbers.skipped,
        "cancelled": numbers.cancelled,
        "cancelled_by_manager": numbers.cancelled_by_lead,
        "cancelled_late": numbers.cancelled_late,
        "missed": numbers.missed,
        "share_cancelled_by_manager": _rounded(numbers.lead_cancel_rate),
    }


def _rounded(share: float | None) -> float | None:
    return None if share is None else round(share, 3)


def team_key(*, subscription: WebhookSubscription, lead_id: int) -> str:
    """A team's name for one subscription: keyed with the server's secret, which receivers never hold."""
    mac = salted_hmac("showup.integrations.company.team", f"{subscription.pk}:{lead_id}")
    return "team_" + mac.hexdigest()[:20]
