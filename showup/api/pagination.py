"""Lists come a page at a time: a count and one slice, two queries however long the history."""

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from ninja import Field, Schema

T = TypeVar("T", bound=Model)

# Past this, a client is walking the whole history: it should narrow what it asks for.
MAX_OFFSET = 100_000


class PageIn(Schema):
    limit: int = Field(20, ge=1, le=100, description="How many items, at most 100.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


def page_of(
    items: QuerySet[T] | Sequence[T], page: PageIn, show: Callable[[T], dict[str, Any]]
) -> dict[str, Any]:
    count = items.count() if isinstance(items, QuerySet) else len(items)
    window = items[page.offset : page.offset + page.limit]
    return {
        "count": count,
        "limit": page.limit,
        "offset": page.offset,
        "items": [show(item) for item in window],
    }
