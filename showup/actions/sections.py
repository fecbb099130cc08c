"""The action items part of the 1:1 page."""

from django.utils import timezone

from showup.actions import selectors
from showup.meetings.models import Occurrence
from showup.people.models import Person


def actions_section(*, occurrence: Occurrence, person: Person) -> dict[str, object]:
    today = timezone.localdate()
    records = selectors.follow_through(pair=occurrence.pair, today=today)
    return {
        "open_earlier": selectors.open_actions_before(occurrence=occurrence),
        "added_here": selectors.actions_added_in(occurrence=occurrence),
        "today": today,
        "lead_record": records[occurrence.pair.lead_id],
        "member_record": records[occurrence.pair.member_id],
    }
