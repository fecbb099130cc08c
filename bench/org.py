"""How fast the org and manager insights answer for a company of 10,000 people.

    python -m bench.org [PEOPLE]           (DATABASE_URL=... for PostgreSQL: a scratch database)

Builds a company (a CEO, directors, managers, teams of about eight), a 1:1
series for every manager–report pair, and a year of weekly rollups for each,
then times the org view for the admin (everyone) and for a director, and the
team view for one manager, and counts their queries.
"""

import random
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bench.setup import django_with_scratch_database

TEAM = 8


@dataclass(frozen=True)
class Company:
    admin: Any
    director: Any
    manager: Any
    pairs: int


def build_company(people: int) -> Company:
    from django.utils import timezone

    from showup.insights.models import PairWeek
    from showup.insights.rollups import lead_weeks_rebuild, week_of
    from showup.meetings.models import Pair, PairSummary, Series
    from showup.people.models import Person

    rng = random.Random(11)
    now = timezone.now()
    admin = Person.objects.create(email="admin@bench.example", name="Admin", is_admin=True)
    everyone = Person.objects.bulk_create(
        Person(email=f"p{n}@bench.example", name=f"Person {n:05}") for n in range(people)
    )
    managers = {
        person.pk: everyone[(index - 1) // TEAM]
        for index, person in enumerate(everyone[1:], start=1)
    }
    for person in everyone[1:]:
        person.manager = managers[person.pk]
    Person.objects.bulk_update(everyone[1:], ["manager"], batch_size=2000)
    pairs = Pair.objects.bulk_create(
        Pair(lead=managers[person.pk], member=person) for person in everyone[1:]
    )
    Series.objects.bulk_create(
        Series(
            pair=pair,
            rule="FREQ=WEEKLY;BYDAY=MO",
            first_start=now - timedelta(days=365),
            timezone="UTC",
            max_gap_days=14,
            created_by_id=pair.lead_id,
        )
        for pair in pairs
    )
    PairSummary.objects.bulk_create(
        PairSummary(
            pair=pair,
            held=40,
            streak=rng.randint(0, 10),
            first_start=now - timedelta(days=365),
            last_held_at=now - timedelta(days=rng.randint(0, 30)),
        )
        for pair in pairs
    )
    this_week = week_of(now)
    rows = []
    for pair in pairs:
        for weeks_ago in range(52):
            held = rng.random() < 0.8
            rows.append(
                PairWeek(
                    pair=pair,
                    week=this_week - timedelta(weeks=weeks_ago),
                    held=held,
                    cancelled=not held,
                    cancelled_by_lead=not held and rng.random() < 0.7,
                    points=3,
                    points_by_member=2,
                    points_off_topic=rng.random() < 0.1,
                )
            )
        if len(rows) >= 50_000:
            PairWeek.objects.bulk_create(rows)
            rows = []
    PairWeek.objects.bulk_create(rows)
    lead_weeks_rebuild()
    return Company(
        admin=admin, director=everyone[1], manager=everyone[TEAM * 20 + 1], pairs=len(pairs)
    )


def timed(label: str, action: object, rounds: int = 5) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            action()  # type: ignore[operator]
            timings.append((time.perf_counter() - started) * 1000)
    print(
        f"  {label:44} median {statistics.median(timings):7.1f} ms, slowest {max(timings):7.1f} ms, {len(queries)} queries"
    )


def main(people: int = 10_000) -> None:
    database = django_with_scratch_database()
    from django.db import connection
    from django.utils import timezone

    from showup.insights.org import org_view
    from showup.insights.selectors import period_start
    from showup.insights.team import team_view

    started = time.perf_counter()
    company = build_company(people)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"org: {people:,} people, {company.pairs:,} pairs, a year of weekly rollups on {database}, built in {time.perf_counter() - started:.1f} s"
    )
    now = timezone.now()
    whole = org_view(viewer=company.admin, since=period_start("52w", now), now=now)
    assert whole is not None
    assert whole.total is not None
    print(
        f"  (the admin's year: {len(whole.groups)} teams shown, {whole.total.numbers.held:,} 1:1s held, adherence {whole.total.numbers.adherence:.0%})"
    )
    for key in ("12w", "52w"):
        since = period_start(key, now)
        timed(
            f"org view, admin (everyone), {key}",
            lambda since=since: org_view(viewer=company.admin, since=since, now=now),
        )
        timed(
            f"org view, a director, {key}",
            lambda since=since: org_view(viewer=company.director, since=since, now=now),
        )
        timed(
            f"team view, a manager of {TEAM}, {key}",
            lambda since=since: team_view(manager=company.manager, since=since, now=now),
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
