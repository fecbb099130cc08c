"""The open 1:1 page's question: has anything changed, and who else is here?

It is answered from the pair's shared stamp, which the database raises with
every write both people may see (meetings/stamped.py's SHARED_TABLES; never a
private point or note, an observation or a draft review, so the other person
does not even learn when one was written), and from who asked lately; never
with any of the 1:1's content. A page that learns of a change fetches its live
parts again through their own views, which read them for this reader: what
travels on the live channel itself is a number and the other people's names.

A page hears it on its stream (pages/stream.py, under the ASGI server) or,
where there is none, by asking `GET /occurrences/<id>/live/` every second.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

from showup.meetings.models import Occurrence, SharedStamp
from showup.meetings.selectors import OccurrencePageKey
from showup.pages.models import Presence
from showup.people.models import Person

# A page hears of changes every second or sooner; writing down that it is open
# every ten is enough to show presence, and keeps the live channel from writing
# on most of its turns.
NOTED_EVERY = timedelta(seconds=10)
# Someone whose page has not been noted for this long has left it.
GONE_AFTER = timedelta(seconds=25)


def state_body(*, stamp: int, here: Iterable[str]) -> str:
    """What a page is told: the pair's shared stamp and who else has the 1:1 open."""
    return json.dumps({"stamp": stamp, "here": sorted(here)})


def live_state(*, key: OccurrencePageKey, reader: Person, now: datetime) -> tuple[str, str]:
    """The state as JSON, and its ETag: the pair's shared stamp and who else is on the page.

    `key` is the page's own key (meetings.selectors.occurrence_page_key), read for
    this reader: whoever may not read the 1:1 never gets here.
    """
    _note_presence(occurrence_id=key.occurrence_id, person=reader, now=now)
    here = (
        Presence.objects.filter(occurrence_id=key.occurrence_id, seen_at__gt=now - GONE_AFTER)
        .exclude(person=reader)
        .values_list("person__name", flat=True)
    )
    body = state_body(stamp=key.shared_stamp, here=here)
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


def presences_note(*, readers: set[tuple[int, int]], now: datetime) -> None:
    """Notes every open page of a process at once: (occurrence id, person id) pairs."""
    Presence.objects.bulk_create(
        [Presence(occurrence_id=o, person_id=p, seen_at=now) for o, p in sorted(readers)],
        update_conflicts=True,
        unique_fields=["occurrence", "person"],
        update_fields=["seen_at"],
    )


@dataclass(frozen=True)
class LiveFacts:
    """What the watcher reads each turn for the 1:1s open on a process."""

    stamps: dict[int, int]  # occurrence id: its pair's shared stamp
    present: dict[int, list[tuple[int, str]]]  # occurrence id: (person id, name) noted lately
    parties: dict[int, set[int]]  # occurrence id: its pair's active people, who may read it


def live_facts(*, occurrence_ids: set[int], now: datetime) -> LiveFacts:
    """For the watched 1:1s: each one's stamp, who is on it, and who may still read it.

    Two queries on indexes, whatever the number of pages: the names come with
    the pair, not joined to the presence rows (SQLite would scan the people).
    """
    stamps: dict[int, int] = {}
    parties: dict[int, set[int]] = {}
    names: dict[int, dict[int, str]] = {}
    rows = (
        Occurrence.objects.filter(pk__in=occurrence_ids)
        .order_by()
        .values_list(
            "pk",
            Coalesce(
                Subquery(
                    SharedStamp.objects.filter(pair_id=OuterRef("pair_id")).values("stamp")[:1]
                ),
                0,
            ),
            "pair__lead_id",
            "pair__lead__name",
            "pair__lead__is_active",
            "pair__member_id",
            "pair__member__name",
            "pair__member__is_active",
        )
    )
    for pk, stamp, lead, lead_name, lead_active, member, member_name, member_active in rows:
        stamps[pk] = stamp
        names[pk] = {lead: lead_name, member: member_name}
        parties[pk] = {
            who for who, active in ((lead, lead_active), (member, member_active)) if active
        }
    present: dict[int, list[tuple[int, str]]] = {}
    noted = (
        Presence.objects.filter(occurrence_id__in=occurrence_ids, seen_at__gt=now - GONE_AFTER)
        .order_by()
        .values_list("occurrence_id", "person_id")
    )
    for occurrence_id, person_id in noted:
        if person_id in parties.get(occurrence_id, ()):
            present.setdefault(occurrence_id, []).append(
                (person_id, names[occurrence_id][person_id])
            )
    return LiveFacts(stamps, present, parties)


def sessions_alive(*, keys: set[str], now: datetime) -> set[str]:
    """The session keys still signed in: a page signed out elsewhere loses its stream."""
    return set(
        Session.objects.filter(session_key__in=keys, expire_date__gt=now).values_list(
            "session_key", flat=True
        )
    )


def session_hashes(*, person_ids: set[int]) -> dict[int, str]:
    """Each person's session hash now: Django's own check, which a password change
    fails for every session made before it (see django.contrib.auth.get_user)."""
    people = Person.objects.filter(pk__in=person_ids).only("pk", "password")
    return {person.pk: person.get_session_auth_hash() for person in people}
