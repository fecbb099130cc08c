from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from showup.meetings.recurrence import (
    RuleError,
    cadence_rule,
    clean_rule,
    default_max_gap_days,
    describe_rule,
    first_instance,
    instances,
)

BERLIN = ZoneInfo("Europe/Berlin")


def test_cadences_pin_the_weekday_of_the_first_date() -> None:
    tuesday = date(2026, 3, 10)
    assert cadence_rule("weekly", tuesday) == "FREQ=WEEKLY;BYDAY=TU"
    assert cadence_rule("biweekly", tuesday) == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    assert cadence_rule("monthly", tuesday) == "FREQ=MONTHLY;BYDAY=2TU"
    assert cadence_rule("monthly", date(2026, 3, 31)) == "FREQ=MONTHLY;BYDAY=-1TU"


def test_a_weekly_1_1_keeps_its_wall_clock_time_across_daylight_saving() -> None:
    first = first_instance("FREQ=WEEKLY;BYDAY=MO", date(2026, 3, 16), time(10, 0), BERLIN)
    starts = instances(
        "FREQ=WEEKLY;BYDAY=MO", first, BERLIN, first, datetime(2026, 4, 14, tzinfo=UTC)
    )
    assert [start.astimezone(BERLIN).strftime("%d %H:%M") for start in starts] == [
        "16 10:00",
        "23 10:00",
        "30 10:00",
        "06 10:00",
        "13 10:00",
    ]
    # The same wall-clock time is a different UTC time after the switch on 29 March.
    assert [start.astimezone(UTC).hour for start in starts] == [9, 9, 8, 8, 8]


def test_instances_are_bounded_half_open() -> None:
    first = first_instance("FREQ=WEEKLY;BYDAY=MO", date(2026, 1, 5), time(10, 0), BERLIN)
    second = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)
    assert instances("FREQ=WEEKLY;BYDAY=MO", first, BERLIN, first, second) == [first]


def test_a_time_that_does_not_exist_moves_forward() -> None:
    start = first_instance("FREQ=DAILY", date(2026, 3, 29), time(2, 30), BERLIN)
    assert start.astimezone(BERLIN).strftime("%H:%M") == "03:30"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FREQ=WEEKLY;BYDAY=MO,TH", "FREQ=WEEKLY;BYDAY=MO,TH"),
        ("rrule:freq=monthly;bymonthday=15", "FREQ=MONTHLY;BYMONTHDAY=15"),
    ],
)
def test_a_custom_rule_is_normalised(text: str, expected: str) -> None:
    assert clean_rule(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter a rule"),
        ("FREQ=HOURLY", "FREQ=DAILY, WEEKLY, MONTHLY or YEARLY"),
        ("FREQ=WEEKLY;BYDAY=XX", "not a valid RFC 5545 rule"),
        ("DTSTART:20260101T100000\nRRULE:FREQ=WEEKLY", "Give the rule alone"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "never produces a date"),
    ],
)
def test_a_bad_custom_rule_is_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        clean_rule(text)


def test_the_default_gap_is_twice_the_cadence() -> None:
    assert default_max_gap_days("FREQ=WEEKLY;BYDAY=MO") == 14
    assert default_max_gap_days("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO") == 28
    assert 55 <= default_max_gap_days("FREQ=MONTHLY;BYDAY=1MO") <= 65


def test_rules_are_described_in_words() -> None:
    assert describe_rule("FREQ=WEEKLY;BYDAY=TU") == "Every Tuesday"
    assert describe_rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU") == "Every other Tuesday"
    assert describe_rule("FREQ=MONTHLY;BYDAY=-1FR") == "Every month on the last Friday"
    assert describe_rule("FREQ=WEEKLY;BYDAY=MO,TH") == "FREQ=WEEKLY;BYDAY=MO,TH"
