"""Deciding which reminders are due and queueing them, each exactly once.

Every reminder has a dedupe key (the occurrence, the person, and for the
reminder before, the start time), so planning it again, from another worker
or after a crash, queues nothing new. The outbox then sends each message once.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from showup.actions.models import ActionItem
from showup.agendas.models import TalkingPoint
from showup.agendas.selectors import shared_points_of
from showup.insights.selectors import period_start
from showup.insights.team import team_view
from showup.mail.rendering import render_mail
from showup.mail.services import mail_queue
from showup.meetings.models import Occurrence
from showup.notifications.links import action_url, unsubscribe_url
from showup.notifications.models import Preference
from showup.notifications.signals import reminder_queued
from showup.people.models import Person

State = Occurrence.State
LONGEST_LEAD = timedelta(hours=48)
AFTER_WINDOW = timedelta(days=3)
MORNING = time(8, 0)


def preferences_of(people: list[Person]) -> dict[int, Preference]:
    stored = {
        preference.person_id: preference
        for preference in Preference.objects.filter(person__in=people)
    }
    return {person.pk: stored.get(person.pk) or Preference(person=person) for person in people}


def absolute(path: str) -> str:
    return settings.BASE_URL + path


def _headers(person: Person) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(person_id=person.pk)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def send_reminder(
    *, person: Person, template: str, context: dict[str, object], kind: str, dedupe_key: str
) -> bool:
    """Renders in the recipient's own time zone and queues once."""
    context = {
        **context,
        "person": person,
        "settings_url": absolute(reverse("notifications:settings")),
        "unsubscribe_url": unsubscribe_url(person_id=person.pk),
    }
    with timezone.override(ZoneInfo(person.timezone)):
        mail = render_mail(f"notifications/mail/{template}", context)
    queued = (
        mail_queue(
            kind=kind,
            recipient=person.email,
            mail=mail,
            headers=_headers(person),
            dedupe_key=dedupe_key,
        )
        is not None
    )
    if queued:
        reminder_queued.send(sender=Person, person=person, template=template, context=context)
    return queued


def plan_before(*, now: datetime | None = None) -> int:
    """Before each 1:1: the agenda so far and open actions, shared content only, to the two people."""
    now = now or timezone.now()
    upcoming = list(
        Occurrence.objects.filter(
            state=State.SCHEDULED,
            start__gt=now,
            start__lte=now + LONGEST_LEAD,
            pair__lead__is_active=True,
            pair__member__is_active=True,
        )
        .select_related("pair__lead", "pair__member", "series")
        .order_by("start")
    )
    points = _shared_points(upcoming)
    actions = _open_actions(upcoming)
    people = list(
        {
            person.pk: person
            for occurrence in upcoming
            for person in (occurrence.pair.lead, occurrence.pair.member)
        }.values()
    )
    preferences = preferences_of(people)
    queued = 0
    for occurrence in upcoming:
        for person in (occurrence.pair.member, occurrence.pair.lead):
            preference = preferences[person.pk]
            if not preference.before_enabled or now < occurrence.start - timedelta(
                hours=preference.before_hours
            ):
                continue
            queued += send_reminder(
                person=person,
                template="before",
                kind="reminder-before",
                dedupe_key=f"before:{occurrence.pk}:{person.pk}:{int(occurrence.start.timestamp())}",
                context={
                    "occurrence": occurrence,
                    "other": occurrence.pair.other(person),
                    "is_report": person.pk == occurrence.pair.member_id,
                    "points": points[occurrence.pk],
                    "actions": actions[occurrence.pair_id],
                    "url": absolute(reverse("pages:occurrence", args=[occurrence.pk])),
                },
            )
    return queued


def _shared_points(occurrences: list[Occurrence]) -> dict[int, list[TalkingPoint]]:
    grouped: dict[int, list[TalkingPoint]] = defaultdict(list)
    for point in shared_points_of(occurrences=occurrences):
        grouped[point.occurrence_id].append(point)  # type: ignore[index]
    return grouped


def _open_actions(occurrences: list[Occurrence]) -> dict[int, list[ActionItem]]:
    grouped: dict[int, list[ActionItem]] = defaultdict(list)
    open_items = ActionItem.objects.filter(
        pair__in={occurrence.pair_id for occurrence in occurrences}, done_at__isnull=True
    ).select_related("owner", "pair")
    for item in open_items.order_by("due_on", "created_at"):
        grouped[item.pair_id].append(item)
    return grouped


def next_morning(end: datetime, zone: ZoneInfo) -> datetime:
    """08:00 on the day after the 1:1 ended, on the recipient's clock."""
    local_end = end.astimezone(zone)
    return datetime.combine(local_end.date() + timedelta(days=1), MORNING, tzinfo=zone)


def plan_after(*, now: datetime | None = None) -> int:
    """The morning after a 1:1 with no outcome: did it happen? One click answers."""
    now = now or timezone.now()
    waiting = list(
        Occurrence.objects.filter(
            state=State.SCHEDULED,
            end__lt=now,
            end__gte=now - AFTER_WINDOW,
            pair__lead__is_active=True,
            pair__member__is_active=True,
        ).select_related("pair__lead", "pair__member")
    )
    people = list(
        {
            person.pk: person
            for occurrence in waiting
            for person in (occurrence.pair.lead, occurrence.pair.member)
        }.values()
    )
    preferences = preferences_of(people)
    queued = 0
    for occurrence in waiting:
        for person in (occurrence.pair.member, occurrence.pair.lead):
            if not preferences[person.pk].after_enabled or now < next_morning(
                occurrence.end, ZoneInfo(person.timezone)
            ):
                continue
            links = {
                action: action_url(occurrence_id=occurrence.pk, person_id=person.pk, action=action)
                for action in ("held", "skipped", "reschedule")
            }
            queued += send_reminder(
                person=person,
                template="after",
                kind="reminder-after",
                dedupe_key=f"after:{occurrence.pk}:{person.pk}",
                context={
                    "occurrence": occurrence,
                    "other": occurrence.pair.other(person),
                    "links": links,
                    "url": absolute(reverse("pages:occurrence", args=[occurrence.pk])),
                },
            )
    return queued


def plan_digests(*, now: datetime | None = None) -> int:
    """Monday mornings, each manager's attention list, in their own time zone."""
    now = now or timezone.now()
    managers = list(Person.objects.filter(is_active=True, reports__is_active=True).distinct())
    preferences = preferences_of(managers)
    queued = 0
    for manager in managers:
        local = now.astimezone(ZoneInfo(manager.timezone))
        if (
            not preferences[manager.pk].digest_enabled
            or local.weekday() != 0
            or local.time() < MORNING
        ):
            continue
        year, week, _ = local.isocalendar()
        view = team_view(manager=manager, since=period_start("4w", now), now=now)
        if not view.attention:
            continue
        queued += send_reminder(
            person=manager,
            template="digest",
            kind="digest",
            dedupe_key=f"digest:{manager.pk}:{year}-{week}",
            context={
                "entries": view.attention,
                "base_url": settings.BASE_URL,
                "url": absolute(reverse("insights:team")),
            },
        )
    return queued
