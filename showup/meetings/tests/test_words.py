from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from showup.meetings.templatetags.meetings import days_since


def test_it_counts_days_by_the_reader_s_own_calendar() -> None:
    held = datetime(2026, 3, 2, 21, 30, tzinfo=UTC)  # 22:30 on Monday in Berlin
    now = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)  # 00:30 on Tuesday in Berlin
    with timezone.override(ZoneInfo("Europe/Berlin")):
        assert days_since(held, now) == 1
    with timezone.override(ZoneInfo("America/New_York")):
        assert days_since(held, now) == 0  # still Monday evening there
