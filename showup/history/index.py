"""Keeping the search index in step: every write of searchable text calls one of these."""

from django.utils.timezone import now

from showup.history.models import SearchEntry
from showup.history.search import fold
from showup.meetings.models import Occurrence, Pair
from showup.people.models import Person

UPDATED_ON_SAVE = ["pair", "occurrence", "private_to", "body", "folded", "updated_at"]


def index_move(*, kind: str, object_ids: list[int], occurrence: Occurrence | None) -> int:
    """The texts now show on another 1:1 (or wait for the next one): results link there."""
    return SearchEntry.objects.filter(kind=kind, object_id__in=object_ids).update(
        occurrence=occurrence
    )


def index_upsert(
    *,
    kind: str,
    object_id: int,
    pair: Pair,
    occurrence: Occurrence | None,
    private_to: Person | None,
    body: str,
) -> None:
    if not body.strip():
        index_delete(kind=kind, object_id=object_id)
        return
    # One statement, whether the text is new or changed: no read first, no savepoint.
    entry = SearchEntry(
        kind=kind,
        object_id=object_id,
        pair=pair,
        occurrence=occurrence,
        private_to=private_to,
        body=body,
        folded=fold(body),
        updated_at=now(),
    )
    SearchEntry.objects.bulk_create(
        [entry],
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=UPDATED_ON_SAVE,
    )


def index_delete(*, kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()
