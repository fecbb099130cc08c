"""The open 1:1 page's question, every second: has anything changed, and who else is here?

It is answered from the pair's stamp, which the database raises with every
write to the pair (meetings/stamped.py), and from who asked lately; never
with any of the 1:1's content. A page that learns of a change fetches its live
parts again through their own views, which read them for this reader: what
travels on the live channel itself is a number and the other person's name.
"""

import hashlib
import json
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction

from showup.meetings.selectors import OccurrencePageKey
from showup.pages.models import Presence
from showup.people.models import Person

# A page asks every second; writing down that it did every ten is enough to show
# presence, and keeps the live poll from writing on most of its requests.
NOTED_EVERY = timedelta(seconds=10)
# Someone whose page has not asked for this long has left it.
GONE_AFTER = timedelta(seconds=25)


def live_state(*, key: OccurrencePageKey, reader: Person, now: datetime) -> tuple[str, str]:
    """The state as JSON, and its ETag: the pair's stamp and who else is on the page.

    `key` is the page's own key (meetings.selectors.occurrence_page_key), read for
    this reader: whoever may not read the 1:1 never gets here.
    """
    _note_presence(occurrence_id=key.occurrence_id, person=reader, now=now)
    here = sorted(
        Presence.objects.filter(occurrence_id=key.occurrence_id, seen_at__gt=now - GONE_AFTER)
        .exclude(person=reader)
        .values_list("person__name", flat=True)
    )
    body = json.dumps({"stamp": key.pair_stamp, "here": here})
    return body, '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'


def _note_presence(*, occurrence_id: int, person: Person, now: datetime) -> None:
    mine = Presence.objects.filter(occurrence_id=occurrence_id, person=person)
    if mine.filter(seen_at__gt=now - NOTED_EVERY).exists():
        return
    if not mine.update(seen_at=now):
        try:
            with transaction.atomic():
                Presence.objects.create(occurrence_id=occurrence_id, person=person, seen_at=now)
        except IntegrityError:  # the same person's other tab, a moment before
            pass
