"""Recurrence rules: building them from a cadence, checking custom ones, expanding them.

Expansion happens in the series' own time zone on naive local times, so a
10:00 Europe/Berlin 1:1 stays at 10:00 Berlin time across daylight saving.
"""

from datetime import date, datetime, time, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

CADENCES = {
    "weekly": "Every week",
    "biweekly": "Every two weeks",
    "monthly": "Every month",
    "custom": "Custom rule (RFC 5545)",
}
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
ALLOWED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
DAY_NAMES = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


class RuleError(ValueError):
    pass


def cadence_rule(cadence: str, first_day: date) -> str:
    """The RRULE for a named cadence, pinned to the first day's weekday."""
    weekday = WEEKDAYS[first_day.weekday()]
    if cadence == "weekly":
        return f"FREQ=WEEKLY;BYDAY={weekday}"
    if cadence == "biweekly":
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={weekday}"
    if cadence == "monthly":
        nth = (first_day.day - 1) // 7 + 1
        return f"FREQ=MONTHLY;BYDAY={-1 if nth == 5 else nth}{weekday}"
    raise RuleError(f"Unknown cadence “{cadence}”.")


def clean_rule(text: str) -> str:
    """A custom RRULE, normalised, or RuleError saying what is wrong with it."""
    rule = text.strip().upper()
    if rule.startswith("RRULE:"):
        rule = rule[len("RRULE:") :]
    if not rule:
        raise RuleError("Enter a rule such as FREQ=WEEKLY;BYDAY=MO,TH.")
    if "DTSTART" in rule or "\n" in rule:
        raise RuleError("Give the rule alone; the first date and time are separate fields.")
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES:
        raise RuleError("The rule needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY.")
    try:
        parsed = rrulestr(rule, dtstart=datetime(2026, 1, 5, 10, 0))
    except (ValueError, TypeError) as error:
        raise RuleError(f"That is not a valid RFC 5545 rule ({error}).") from None
    if parsed.after(datetime(2026, 1, 5, 10, 0), inc=True) is None:
        raise RuleError("That rule never produces a date.")
    return rule


def _rrule(rule: str, local_start: datetime) -> rrule:
    return rrulestr(rule, dtstart=local_start.replace(tzinfo=None))  # type: ignore[return-value]


def localize(naive: datetime, zone: ZoneInfo) -> datetime:
    """A wall-clock time in `zone`; a time that does not exist (the spring gap) moves forward."""
    aware = naive.replace(tzinfo=zone)
    return aware.astimezone(ZoneInfo("UTC")).astimezone(zone)


def first_instance(rule: str, day: date, at: time, zone: ZoneInfo) -> datetime:
    """The first date the rule gives on or after `day`, at `at` in `zone`."""
    start = datetime.combine(day, at)
    found = _rrule(rule, start).after(start, inc=True)
    if found is None:
        raise RuleError("The rule gives no date on or after that day.")
    return localize(found, zone)


def instances(
    rule: str, first_start: datetime, zone: ZoneInfo, since: datetime, until: datetime
) -> list[datetime]:
    """Every start the rule gives in [since, until), as aware datetimes in `zone`."""
    local_first = first_start.astimezone(zone)
    naive_since = since.astimezone(zone).replace(tzinfo=None) - timedelta(hours=3)
    naive_until = until.astimezone(zone).replace(tzinfo=None) + timedelta(hours=3)
    found = _rrule(rule, local_first).between(naive_since, naive_until, inc=True)
    starts = (localize(naive, zone) for naive in found)
    return [start for start in starts if since <= start < until]


def typical_interval_days(rule: str) -> float:
    """The average days between dates of the rule, from its first ten."""
    sample = list(islice(_rrule(rule, datetime(2026, 1, 5, 10, 0)), 10))
    if len(sample) < 2:
        return 7.0
    return (sample[-1] - sample[0]).total_seconds() / 86400 / (len(sample) - 1)


def default_max_gap_days(rule: str) -> int:
    """Twice the cadence: one missed 1:1 is fine, two in a row is a gap."""
    return max(2, round(2 * typical_interval_days(rule)))


def describe_rule(rule: str) -> str:
    """Plain words for the rules the cadence picker makes; the rule itself otherwise."""
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    freq, interval, byday = parts.get("FREQ"), parts.get("INTERVAL", "1"), parts.get("BYDAY", "")
    extra = set(parts) - {"FREQ", "INTERVAL", "BYDAY"}
    if extra or "," in byday:
        return rule
    if freq == "WEEKLY" and byday in DAY_NAMES:
        every = (
            "Every"
            if interval == "1"
            else ("Every other" if interval == "2" else f"Every {interval} weeks on")
        )
        return f"{every} {DAY_NAMES[byday]}"
    if (
        freq == "MONTHLY"
        and interval == "1"
        and byday[-2:] in DAY_NAMES
        and byday[:-2].lstrip("+-").isdigit()
    ):
        nth = int(byday[:-2])
        if nth in ORDINALS:
            return f"Every month on the {ORDINALS[nth]} {DAY_NAMES[byday[-2:]]}"
    return rule
