"""Search over everything the caller may read, as the search page finds it."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from showup.api.pagination import MAX_OFFSET
from showup.api.present import hit_out
from showup.api.routes.common import answers, caller
from showup.api.schemas import SearchPage
from showup.history import search as full_text

router = Router(tags=["search"])


class SearchIn(Schema):
    q: str = Field(min_length=1, max_length=200, description="Words; each must start a word.")
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@router.get("/search", response=answers(ok=SearchPage), url_name="search")
def search(request: HttpRequest, query: Query[SearchIn]) -> dict[str, Any]:
    """Points, notes, action items, feedback and more that match, most relevant first."""
    found = full_text.search(person=caller(request), text=query.q)
    ids = found.ids[query.offset : query.offset + query.limit]
    return {
        "count": len(found),
        "limit": query.limit,
        "offset": query.offset,
        "capped": found.capped,
        "items": [hit_out(entry) for entry in full_text.entries(ids)],
    }
