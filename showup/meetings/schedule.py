"""The schedule of a series as the forms and services pass it around."""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from showup.meetings.recurrence import default_max_gap_days, first_instance


@dataclass(frozen=True)
class Schedule:
    rule: str
    first_day: date
    at: time
    timezone: str
    duration_minutes: int = 30
    location: str = ""
    max_gap_days: int | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def first_start(self, on_or_after: date | None = None) -> datetime:
        return first_instance(
            self.rule, max(self.first_day, on_or_after or self.first_day), self.at, self.zone
        )

    @property
    def gap_days(self) -> int:
        return self.max_gap_days or default_max_gap_days(self.rule)
