"""How fast full-text search answers on a large history.

    python -m bench.search [ENTRIES]        (DATABASE_URL=... for PostgreSQL: a scratch database)

Builds ENTRIES searchable texts (default 200,000) over 1,000 pairs, written
with a vocabulary of 3,000 words whose frequencies fall off as in real text
(Zipf), then times searches by one person: the most common word, middling
and rare words, two words, a prefix; and prints the median and slowest.
"""

import random
import statistics
import sys
import time

from bench.setup import django_with_scratch_database

THEMES = [
    "career",
    "promotion",
    "feedback",
    "conference",
    "budget",
    "burnout",
    "onboarding",
    "roadmap",
    "hiring",
    "release",
    "migration",
    "design",
    "review",
    "planning",
    "interview",
    "mentoring",
    "vacation",
    "workload",
    "oncall",
    "incident",
    "retro",
    "goals",
]
VOCABULARY = [*THEMES, *(f"word{n}" for n in range(3000 - len(THEMES)))]
# Zipf: the n-th word is n times rarer than the first.
WEIGHTS = [1 / (rank + 1) for rank in range(len(VOCABULARY))]
QUERIES = ["career", "mentoring", "word150", "word2500", "conference budget", "promo", "zebra"]


def fill(entries: int) -> tuple[object, int]:
    from django.db import connection

    from showup.history.models import SearchEntry
    from showup.meetings.models import Pair
    from showup.people.models import Person

    rng = random.Random(7)
    people = Person.objects.bulk_create(
        Person(email=f"p{n}@bench.example", name=f"Person {n}") for n in range(2000)
    )
    pairs = Pair.objects.bulk_create(
        Pair(lead=people[n], member=people[n + 1000]) for n in range(1000)
    )
    batch: list[SearchEntry] = []
    for n in range(entries):
        body = " ".join(rng.choices(VOCABULARY, weights=WEIGHTS, k=20))
        batch.append(SearchEntry(kind="note", object_id=n, pair=pairs[n % len(pairs)], body=body))
        if len(batch) == 5000:
            SearchEntry.objects.bulk_create(batch)
            batch = []
    SearchEntry.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum (PostgreSQL) or PRAGMA optimize (SQLite) would
    return people[0], SearchEntry.objects.count()


def time_query(person: object, text: str, rounds: int = 20) -> tuple[float, float, int]:
    from showup.history.search import search

    timings = []
    found = 0
    for _ in range(rounds):
        started = time.perf_counter()
        page = list(search(person=person, text=text).ids[:20])  # type: ignore[arg-type]
        found = len(search(person=person, text=text))  # type: ignore[arg-type]
        timings.append((time.perf_counter() - started) * 1000)
        del page
    return statistics.median(timings), max(timings), found


def main(entries: int = 200_000) -> None:
    database = django_with_scratch_database()
    started = time.perf_counter()
    person, total = fill(entries)
    print(
        f"search: {total:,} entries on {database}, filled in {time.perf_counter() - started:.1f} s"
    )
    for text in QUERIES:
        median, slowest, found = time_query(person, text)
        print(
            f"  {text!r:22} {found:5} readable matches   first page and count: median {median:6.1f} ms, slowest {slowest:6.1f} ms"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
