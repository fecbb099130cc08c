from datetime import UTC, date, datetime, timedelta

import pytest

from showup.actions.models import ActionItem
from showup.actions.selectors import follow_through, open_actions_before
from showup.actions.services import action_add, action_delete, action_set_done
from showup.meetings.errors import MeetingError
from showup.meetings.models import Series
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def series(db: None) -> Series:
    manager = PersonFactory.create(name="Max Manager")
    report = PersonFactory.create(name="Riley Report", manager=manager)
    return weekly_series(manager, report, first_day=date(2026, 3, 2), now=T0)


def test_a_manager_s_item_is_a_commitment(series: Series) -> None:
    first = series.occurrences.order_by("start")[0]
    commitment = action_add(
        occurrence=first,
        by=series.pair.member,
        owner=series.pair.lead,
        text="Find conference budget",
        due_on=None,
    )
    own = action_add(
        occurrence=first,
        by=series.pair.member,
        owner=series.pair.member,
        text="Write the proposal",
        due_on=None,
    )
    assert commitment.is_commitment
    assert not own.is_commitment


def test_open_items_show_on_every_later_occurrence_until_done(series: Series) -> None:
    first, second, third = series.occurrences.order_by("start")[:3]
    item = action_add(
        occurrence=first,
        by=series.pair.lead,
        owner=series.pair.lead,
        text="Intro to the data team",
        due_on=None,
    )
    assert open_actions_before(occurrence=second, reader=second.pair.lead) == [item]
    assert open_actions_before(occurrence=third, reader=third.pair.lead) == [item]
    assert open_actions_before(occurrence=first, reader=first.pair.lead) == []
    action_set_done(item=item, by=series.pair.member, done=True)
    assert open_actions_before(occurrence=third, reader=third.pair.lead) == []


def test_follow_through_counts_on_time_late_and_overdue(series: Series) -> None:
    first = series.occurrences.order_by("start")[0]
    lead, member = series.pair.lead, series.pair.member
    due = date(2026, 3, 10)

    def item(owner: Person, done_on: date | None) -> None:
        made = action_add(occurrence=first, by=lead, owner=owner, text="x", due_on=due)
        if done_on:
            ActionItem.objects.filter(pk=made.pk).update(
                done_at=datetime.combine(done_on, datetime.min.time(), tzinfo=UTC)
                + timedelta(hours=12)
            )

    item(lead, date(2026, 3, 9))
    item(lead, date(2026, 3, 15))
    item(lead, None)
    item(member, date(2026, 3, 10))
    records = follow_through(pair=series.pair, reader=series.pair.lead, today=date(2026, 3, 20))
    assert (
        records[lead.pk].on_time,
        records[lead.pk].late,
        records[lead.pk].overdue,
        records[lead.pk].open,
    ) == (1, 1, 1, 1)
    assert (records[member.pk].on_time, records[member.pk].late, records[member.pk].overdue) == (
        1,
        0,
        0,
    )


def test_a_done_item_stays_on_record(series: Series) -> None:
    first = series.occurrences.order_by("start")[0]
    item = action_add(
        occurrence=first, by=series.pair.lead, owner=series.pair.lead, text="x", due_on=None
    )
    action_set_done(item=item, by=series.pair.lead, done=True)
    with pytest.raises(MeetingError, match="stays on record"):
        action_delete(item=item, by=series.pair.lead)


def test_only_the_two_people_may_own_or_add(series: Series) -> None:
    first = series.occurrences.order_by("start")[0]
    stranger = PersonFactory.create()
    with pytest.raises(MeetingError):
        action_add(occurrence=first, by=series.pair.lead, owner=stranger, text="x", due_on=None)
    with pytest.raises(MeetingError):
        action_add(occurrence=first, by=stranger, owner=series.pair.lead, text="x", due_on=None)
    assert not ActionItem.objects.exists()
