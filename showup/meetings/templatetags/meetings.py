"""Showing times and states of 1:1s in words."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django import template
from django.templatetags import tz as tz_filters
from django.utils import timezone

from showup.meetings.models import Pair
from showup.meetings.recurrence import describe_rule
from showup.people.models import Person

register = template.Library()

STATE_BADGES = {
    "scheduled": "badge-accent",
    "rescheduled": "badge-accent",
    "held": "badge-ok",
    "skipped": "",
    "cancelled": "badge-danger",
    "missed": "badge-warn",
}


@register.filter
def in_zone(moment: datetime | None, zone_name: str) -> datetime | None:
    """The same moment on another person's clock, kept there (not turned back to the reader's)."""
    return tz_filters.do_timezone(moment, ZoneInfo(zone_name)) if moment else None


@register.filter
def state_badge(state: str) -> str:
    return STATE_BADGES.get(state, "")


@register.filter
def relative_day(moment: datetime | None) -> str:
    """Today, tomorrow, in 3 days, 2 days ago: in the reader's time zone."""
    if moment is None:
        return ""
    today = timezone.localdate()
    days = (timezone.localtime(moment).date() - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


@register.filter
def notice(span: timedelta | None) -> str:
    """How long before the start something was cancelled, in words."""
    if span is None:
        return ""
    if span < timedelta(0):
        return "after it had started"
    hours = span.total_seconds() / 3600
    if hours < 1:
        return f"{max(1, round(hours * 60))} minutes before"
    if hours < 48:
        return f"{round(hours)} hour{'s' if round(hours) != 1 else ''} before"
    return f"{round(hours / 24)} days before"


@register.filter
def is_late(span: timedelta | None) -> bool:
    return span is not None and span < timedelta(hours=24)


@register.filter
def other_of(pair: Pair, person: Person) -> Person:
    """The other person of a pair, from the reader's side."""
    return pair.other(person)


@register.filter
def rule_words(rule: str) -> str:
    return describe_rule(rule)


@register.filter
def overdue_on(item: object, today: object) -> bool:
    return bool(item.is_overdue(today))  # type: ignore[attr-defined]


@register.filter
def age_on(item: object, today: object) -> int:
    return int(item.age_days(today))  # type: ignore[attr-defined]


@register.filter
def days_since(moment: datetime | None, now: datetime) -> int:
    """Calendar days between the two, by the reader's own dates: yesterday 23:00 is 1 day ago at 00:30."""
    if not moment:
        return 0
    return (timezone.localtime(now).date() - timezone.localtime(moment).date()).days


@register.filter
def is_due_on(milestone: object, today: object) -> bool:
    return bool(milestone.is_due(today))  # type: ignore[attr-defined]


@register.filter
def subtract(value: int, other: int) -> int:
    return int(value or 0) - int(other or 0)


@register.filter
def longest_gap(summary: object, now: datetime) -> int:
    return int(summary.longest_gap_days(now)) if summary else 0  # type: ignore[attr-defined]


@register.filter
def other_name(pair: Pair, person: Person) -> str:
    return pair.other(person).name
