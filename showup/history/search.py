"""Search over everything a person may read, with a cost that grows with what they may read.

The query is cut into words; every word must match the start of a word in
the text, as a prefix ("promo" finds "promotion"), whatever its case or
accents. The search reads only the reader's own entries (their pairs, minus
what is private to someone else), through the pair index, never the whole
company's: a person's history is thousands of entries, the company's
millions. Of the CANDIDATES most recently written matches, the most relevant
come first (BM25 over the candidates, the newest 1:1 breaking ties).
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from showup.history.models import SearchEntry
from showup.meetings.models import Occurrence
from showup.meetings.selectors import pairs_of
from showup.people.models import Person

MAX_WORDS = 8
# Enough for every real question; past it the results say "the newest N".
CANDIDATES = 400
WORD = re.compile(r"\w+", re.UNICODE)
# BM25's usual constants: how fast repeats stop counting, how much length matters.
K1, B = 1.2, 0.75


def fold(text: str) -> str:
    """Text as it is matched: case and accents folded away ("Über" is "uber")."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> "Query":
        return cls(tuple(WORD.findall(fold(text)))[:MAX_WORDS])

    def __bool__(self) -> bool:
        return bool(self.words)


@dataclass(frozen=True)
class Results:
    """The ids of the readable matches, best first; `capped` when there were more."""

    ids: list[int]
    capped: bool

    def __len__(self) -> int:
        return len(self.ids)


def readable_entries(person: Person) -> QuerySet[SearchEntry]:
    """The entries `person` may read: their pairs, without other people's private text."""
    return SearchEntry.objects.filter(pair__in=pairs_of(person)).filter(
        Q(private_to__isnull=True) | Q(private_to=person)
    )


def search(*, person: Person, text: str) -> Results:
    """What `person` may read that matches `text`, most relevant first."""
    query = Query.parse(text)
    if not query:
        return Results(ids=[], capped=False)
    candidates = list(
        readable_entries(person)
        .filter(*(Q(folded__contains=word) for word in query.words))
        .order_by("-updated_at", "-id")
        .values_list("id", "folded", "occurrence_id", "updated_at")[: CANDIDATES + 1]
    )
    capped = len(candidates) > CANDIDATES
    candidates = candidates[:CANDIDATES]
    return Results(ids=ranked(query, newest_meeting_first(candidates)), capped=capped)


def newest_meeting_first(
    candidates: Sequence[tuple[int, str, int | None, datetime]],
) -> list[tuple[int, str]]:
    """The candidates by the date of their 1:1 (or of their writing), newest first: the tie-break."""
    starts = dict(
        Occurrence.objects.filter(
            pk__in={occurrence for _, _, occurrence, _ in candidates if occurrence}
        ).values_list("pk", "start")
    )
    by_recency = sorted(
        candidates,
        key=lambda row: (starts.get(row[2] or 0) or row[3], row[3], row[0]),
        reverse=True,
    )
    return [(entry_id, folded) for entry_id, folded, _, _ in by_recency]


def ranked(query: Query, candidates: list[tuple[int, str]]) -> list[int]:
    """Candidates whose words really start with the query's, by BM25; newest first on a tie."""
    patterns = [re.compile(r"\b" + re.escape(word)) for word in query.words]
    scored = []
    for recency, (entry_id, folded) in enumerate(candidates):
        counts = [len(pattern.findall(folded)) for pattern in patterns]
        if all(counts):
            scored.append((counts, len(WORD.findall(folded)), recency, entry_id))
    if not scored:
        return []
    average = sum(length for _, length, _, _ in scored) / len(scored)
    return [
        entry_id
        for _, _, entry_id in sorted(
            (-_bm25(counts, length, average), recency, entry_id)
            for counts, length, recency, entry_id in scored
        )
    ]


def _bm25(counts: list[int], length: int, average: float) -> float:
    norm = K1 * (1 - B + B * length / max(average, 1))
    return sum(count * (K1 + 1) / (count + norm) for count in counts)


def entries(ids: list[int]) -> list[SearchEntry]:
    """The entries with these ids, in that order, ready to show."""
    by_id = SearchEntry.objects.select_related("pair__lead", "pair__member", "occurrence").in_bulk(
        ids
    )
    return [by_id[entry_id] for entry_id in ids if entry_id in by_id]
