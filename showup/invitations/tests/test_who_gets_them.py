"""Who receives invitations, and that one change is one message to each person, never two."""

from datetime import UTC, datetime, time, timedelta

import pytest

from showup.invitations.preferences import company_default, company_default_set
from showup.invitations.services import invitations_catch_up
from showup.invitations.tests.helpers import deliver, invitation
from showup.mail.models import OutboxMessage
from showup.meetings.models import Occurrence, Series
from showup.meetings.schedule import Schedule
from showup.meetings.services import (
    occurrence_cancel,
    occurrence_hold,
    occurrence_reschedule,
    occurrence_skip,
    pair_between,
    series_accept,
    series_create,
)
from showup.notifications.models import Preference
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series
from tests.smtp import Inbox

# Real time: a change to a 1:1 already past tells nobody, so these 1:1s are ahead.
T0 = datetime.now(UTC)
FIRST_MONDAY = (T0 + timedelta(days=14 - T0.weekday())).date()
MAX = "max@example.com"
RILEY = "riley@example.com"


@pytest.fixture
def series(db: None) -> Series:
    manager = PersonFactory.create(name="Max Manager", email=MAX)
    report = PersonFactory.create(name="Riley Report", email=RILEY, manager=manager)
    return weekly_series(manager, report, first_day=FIRST_MONDAY, now=T0)


def first(series: Series) -> Occurrence:
    return series.occurrences.order_by("start")[0]


def kinds() -> list[tuple[str, str]]:
    return sorted(OutboxMessage.objects.values_list("recipient", "kind"))


def choose(person: Person, enabled: bool | None) -> None:
    Preference.objects.update_or_create(person=person, defaults={"invitations_enabled": enabled})


def test_the_company_default_is_off_until_the_admin_turns_it_on(series: Series) -> None:
    assert company_default() is False
    occurrence_cancel(occurrence=first(series), by=series.pair.lead, reason="Ill", now=T0)
    # As before invitations: the other person gets the change notice, nobody an invitation.
    assert kinds() == [(RILEY, "occurrence-cancelled")]


def test_with_the_company_default_on_a_change_is_one_invitation_each_and_no_notice(
    series: Series, smtp: Inbox
) -> None:
    company_default_set(by_default=True, by=series.pair.lead)
    deliver(smtp, lambda: invitations_catch_up(now=T0))  # both calendars hold the event
    OutboxMessage.objects.all().delete()
    received = deliver(
        smtp,
        lambda: occurrence_cancel(
            occurrence=first(series), by=series.pair.lead, reason="Ill", now=T0
        ),
    )
    assert set(received) == {MAX, RILEY}
    assert kinds() == [(MAX, "invitation-cancelled"), (RILEY, "invitation-cancelled")]
    assert invitation(received[RILEY]).method == "CANCEL"
    assert (
        received[RILEY]["Subject"]
        == f"Cancelled: 1:1 with Max Manager on {FIRST_MONDAY:%a %-d %b}"
    )


def test_a_move_is_one_invitation_each_too(series: Series) -> None:
    company_default_set(by_default=True, by=series.pair.lead)
    occurrence = first(series)
    occurrence_reschedule(
        occurrence=occurrence,
        by=series.pair.member,
        new_start=occurrence.start + timedelta(days=1),
        now=T0,
    )
    assert kinds() == [(MAX, "invitation-moved"), (RILEY, "invitation-moved")]


def test_a_person_who_turned_them_off_gets_the_change_notice_instead(series: Series) -> None:
    company_default_set(by_default=True, by=series.pair.lead)
    choose(series.pair.member, False)
    occurrence_cancel(occurrence=first(series), by=series.pair.lead, now=T0)
    assert kinds() == [(MAX, "invitation-cancelled"), (RILEY, "occurrence-cancelled")]


def test_a_person_who_turned_them_on_gets_them_whatever_the_company_default(
    series: Series,
) -> None:
    choose(series.pair.lead, True)
    occurrence_cancel(occurrence=first(series), by=series.pair.member, now=T0)
    assert kinds() == [(MAX, "invitation-cancelled")]


def test_following_the_company_default_again_follows_it(series: Series) -> None:
    company_default_set(by_default=True, by=series.pair.lead)
    choose(series.pair.member, None)
    occurrence_skip(occurrence=first(series), by=series.pair.lead, now=T0)
    assert kinds() == [(MAX, "invitation-skipped"), (RILEY, "invitation-skipped")]


def test_nothing_goes_to_someone_deactivated(series: Series) -> None:
    company_default_set(by_default=True, by=series.pair.lead)
    Person.objects.filter(pk=series.pair.member_id).update(is_active=False)
    series.pair.member.refresh_from_db()
    occurrence_skip(occurrence=first(series), by=series.pair.lead, now=T0)
    assert kinds() == [(MAX, "invitation-skipped")]


def test_what_does_not_change_a_calendar_sends_nothing(series: Series) -> None:
    company_default_set(by_default=True, by=series.pair.lead)
    occurrence = first(series)
    occurrence_hold(occurrence=occurrence, by=series.pair.lead, now=occurrence.start)
    # A skip recorded after the 1:1 was due is history, not a change of plans.
    later = series.occurrences.order_by("start")[1]
    occurrence_skip(occurrence=later, by=series.pair.lead, now=later.end + timedelta(hours=1))
    assert kinds() == []


def test_a_proposal_is_in_nobody_s_calendar_until_it_is_accepted(db: None) -> None:
    proposer = PersonFactory.create(email="pat@example.com")
    peer = PersonFactory.create(email="sam@example.com")
    company_default_set(by_default=True, by=proposer)
    pair, immediate = pair_between(proposer=proposer, other=peer)
    assert not immediate
    schedule = Schedule(
        rule="FREQ=WEEKLY;BYDAY=WE",
        first_day=FIRST_MONDAY + timedelta(days=2),
        at=time(15, 0),
        timezone="Europe/Berlin",
    )
    proposed = series_create(pair=pair, schedule=schedule, by=proposer, immediate=False, now=T0)
    assert kinds() == []
    series_accept(series=proposed, by=peer, now=T0)
    assert kinds() == [
        ("pat@example.com", "invitation-accepted"),
        ("sam@example.com", "invitation-accepted"),
    ]


def test_a_person_whose_calendar_is_synced_gets_no_invitation_but_the_notice(
    series: Series,
) -> None:
    """Two-way sync already puts each 1:1 in their calendar: an invitation would be a second copy."""
    from showup.calendars.models import Connection

    company_default_set(by_default=True, by=series.pair.lead)
    choose(series.pair.member, True)
    Connection.objects.create(
        person=series.pair.member, calendar_url="https://dav.example.com/riley/", credentials="x"
    )
    occurrence_cancel(occurrence=first(series), by=series.pair.lead, reason="Ill", now=T0)
    assert kinds() == [(MAX, "invitation-cancelled"), (RILEY, "occurrence-cancelled")]
