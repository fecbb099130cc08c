"""Full-text search over everything a person may read, on SQLite (FTS5) and PostgreSQL alike.

The query is cut into words; every word must match, as a prefix ("promo"
finds "promotion"). Results are the reader's own: entries of their pairs,
minus what is private to someone else, newest first.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, F, Q, QuerySet
from django.db.models.expressions import RawSQL

from showup.history.models import SearchEntry
from showup.meetings.selectors import pairs_of
from showup.people.models import Person

MAX_WORDS = 8
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> "Query":
        return cls(tuple(word.lower() for word in WORD.findall(text))[:MAX_WORDS])

    def __bool__(self) -> bool:
        return bool(self.words)


def readable_entries(person: Person) -> QuerySet[SearchEntry]:
    """The entries `person` may read: their pairs, without other people's private text."""
    return SearchEntry.objects.filter(pair__in=pairs_of(person)).filter(
        Q(private_to__isnull=True) | Q(private_to=person)
    )


def _matches(query: Query) -> RawSQL:
    """A condition true for entries whose text has every word of the query, as a prefix."""
    if connection.vendor == "sqlite":
        match = " ".join(f'"{word}"*' for word in query.words)
        # Measured: one MATCH for all rows beats probing the index row by row (bench/search.py).
        return RawSQL(
            '"history_searchentry"."id" IN (SELECT rowid FROM history_searchentry_fts WHERE history_searchentry_fts MATCH %s)',
            [match],
            output_field=BooleanField(),
        )
    if connection.vendor == "postgresql":
        # Written as the index's own expression, so PostgreSQL may use the GIN index,
        # or check the reader's few rows directly when that is cheaper.
        tsquery = " & ".join(f"{word}:*" for word in query.words)
        return RawSQL(
            """to_tsvector('english', "history_searchentry"."body") @@ to_tsquery('english', %s)""",
            [tsquery],
            output_field=BooleanField(),
        )
    raise NotImplementedError(f"No full-text search for {connection.vendor}.")


def search(*, person: Person, text: str) -> QuerySet[SearchEntry]:
    """Entries matching `text` that `person` may read, newest first: paginate it."""
    query = Query.parse(text)
    if not query:
        return SearchEntry.objects.none()
    return (
        readable_entries(person)
        .filter(_matches(query))
        .select_related("pair__lead", "pair__member", "occurrence")
        .order_by(F("occurrence__start").desc(nulls_last=True), "-updated_at", "-id")
    )
