"""The search index follows the texts the domain apps write, by the signals they send."""

from typing import Any

from django.dispatch import receiver

from showup.core.signals import (
    searchable_text_deleted,
    searchable_text_saved,
    searchable_texts_moved,
)
from showup.history.index import index_delete, index_move, index_upsert


@receiver(searchable_text_saved)
def index_saved_text(sender: Any, **text: Any) -> None:
    text.pop("signal", None)
    index_upsert(**text)


@receiver(searchable_text_deleted)
def forget_deleted_text(sender: Any, *, kind: str, object_id: int, **_: Any) -> None:
    index_delete(kind=kind, object_id=object_id)


@receiver(searchable_texts_moved)
def follow_moved_texts(
    sender: Any, *, kind: str, object_ids: list[int], occurrence: Any, **_: Any
) -> None:
    index_move(kind=kind, object_ids=object_ids, occurrence=occurrence)
