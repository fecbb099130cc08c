"""The action items part of the 1:1 page."""

from django.utils import timezone

from showup.actions import selectors
from showup.core.converters import attach_urls
from showup.meetings.models import Occurrence
from showup.people.models import Person


def actions_section(*, occurrence: Occurrence, person: Person) -> dict[str, object]:
    today = timezone.localdate()
    records = selectors.follow_through(pair=occurrence.pair, reader=person, today=today)
    open_earlier = selectors.open_actions_before(occurrence=occurrence, reader=person)
    added_here = selectors.actions_added_in(occurrence=occurrence, reader=person)
    links = {"done": "actions:done", "delete": "actions:delete"}
    attach_urls([*open_earlier, *added_here], links, occurrence.pk)
    return {
        "open_earlier": open_earlier,
        "added_here": added_here,
        "today": today,
        "lead_record": records[occurrence.pair.lead_id],
        "member_record": records[occurrence.pair.member_id],
    }
