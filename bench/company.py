"""A large company with years of 1:1s, written straight into the database for benchmarks.

    build_company(people=1_000, years=2)

A CEO, then teams of eight under every manager; one weekly series per
manager–report pair, from `years` ago to a year ahead. Each past 1:1 gets
what real ones get: shared and private talking points, a shared note and
sometimes a private one, action items, check-ins and ratings, the search
entries and the weekly rollups; each pair a career plan, feedback, an
observation and a blocker or two. Rows are written with COPY (PostgreSQL) or
executemany (SQLite), ids chosen here, so 10,000 people × 5 years take
minutes, not hours. Texts come from phrase banks so that "career" is common
and "kayak" rare, as in real agendas.
"""

import json
import random
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

TEAM = 8
FLUSH_ROWS = 40_000
PASSWORD = "showup-bench"  # noqa: S105 -- every benchmark person signs in with it

OPENERS = [
    "How are you finding the workload since the reorg",
    "I'd like to talk about my career path",
    "Feedback on how I ran the planning session",
    "Worried about burnout on the on-call rota",
    "Can we talk about the conference budget",
    "What would the next level look like for me",
    "The release process is harder than it should be",
    "Thanks for covering the customer escalation",
    "Promotion timeline and what is missing",
    "I keep getting interrupted in the afternoons",
    "Mentoring the new hire: how is it going",
    "Vacation in August, who covers",
    "Career conversation: manager or individual contributor",
    "Feedback for you: the all-hands felt rushed",
    "Team morale after the launch",
]
NOTE_SENTENCES = [
    "We talked about the career ladder and what growth means this year.",
    "Agreed to revisit the on-call load next month.",
    "Feedback was specific and taken well; follow up in two weeks.",
    "The release checklist keeps slowing everyone down.",
    "Discussed the conference and a learning budget for the course.",
    "Wants more ownership of the roadmap and the customer calls.",
    "Family matters: working hours adjusted until the end of the quarter.",
    "Interviews take too much time; we will share the load.",
    "Recognised the work on the migration in the team channel.",
    "Next step for the promotion case is a written summary of impact.",
    "Morale is fine, a little tired after the launch.",
    "Asked for feedback on the design critique and on writing.",
]
PRIVATE_SENTENCES = [
    "Remember to ask how the move went.",
    "Seemed quieter than usual; check in next week.",
    "Prepare examples for the career discussion.",
    "Myself: be more specific when giving feedback.",
]
ACTIONS = [
    "Share the career ladder document",
    "Book time with the director about the promotion case",
    "Send the conference registration",
    "Write up the on-call proposal",
    "Introduce to the mentor in the platform team",
    "Review the learning budget options",
]
RARE_WORDS = ["kayak", "sabbatical", "ukulele", "origami", "marathon"]


@dataclass
class Company:
    """The people and objects a benchmark needs to know by id."""

    admin_id: int = 0
    director_id: int = 0
    manager_id: int = 0
    report_id: int = 0
    pair_id: int = 0
    people: int = 0
    years: int = 0
    pairs: int = 0
    counts: dict[str, int] = field(default_factory=dict)


class Writer:
    """Buffers rows per table and writes them in big batches, the fastest way each database offers."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.buffers: dict[str, tuple[Sequence[str], list[tuple[Any, ...]]]] = {}
        self.counts: dict[str, int] = {}
        self.ids: dict[str, int] = {}

    def next_id(self, table: str) -> int:
        self.ids[table] = self.ids.get(table, 0) + 1
        return self.ids[table]

    def add(self, table: str, columns: Sequence[str], row: tuple[Any, ...]) -> None:
        buffer = self.buffers.setdefault(table, (columns, []))[1]
        buffer.append(row)
        if len(buffer) >= FLUSH_ROWS:
            self.flush(table)

    def flush(self, table: str | None = None) -> None:
        for name in [table] if table else list(self.buffers):
            columns, rows = self.buffers[name]
            if rows:
                self._write(name, columns, rows)
                self.counts[name] = self.counts.get(name, 0) + len(rows)
                rows.clear()

    def _write(self, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        from django.db import transaction

        quoted = ", ".join(f'"{column}"' for column in columns)
        with transaction.atomic(), self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f'COPY "{table}" ({quoted}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in columns)
                cursor.connection.executemany(
                    f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', rows
                )

    def reset_sequences(self) -> None:
        if self.connection.vendor != "postgresql":
            return
        with self.connection.cursor() as cursor:
            for table in self.counts:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'coalesce((SELECT max(id) FROM "{table}"), 1))'
                )


@lru_cache(maxsize=65_536)
def _stamp(moment: datetime) -> Any:
    """A datetime as the database stores it: naive UTC text on SQLite (as Django writes it)."""
    return str(moment.replace(tzinfo=None)) if _SQLITE else moment


def _day(day: date) -> Any:
    return day.isoformat() if _SQLITE else day


_SQLITE = True


def _fast_writes() -> None:
    """A scratch database: SQLite may skip the journal's syncs and the foreign key checks."""
    global _SQLITE
    from django.db import connection

    _SQLITE = connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        if _SQLITE:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA foreign_keys=OFF")
        else:
            # No triggers while loading (foreign keys, the pairs' stamps): stamps are set at the end.
            cursor.execute("SET session_replication_role = replica")


def build_company(*, people: int, years: int, seed: int = 5) -> Company:
    """Writes the company and returns who to sign in as and what to open."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    rng = random.Random(seed)
    now = timezone.now().replace(microsecond=0)
    writer = Writer()
    company = Company(people=people, years=years)
    password = make_password(PASSWORD)
    _fast_writes()
    # SQLite commits batch by batch (one huge transaction would grow the WAL to the database's size).
    with nullcontext() if _SQLITE else transaction.atomic():
        managers = _people(writer, people, password, now)
        company.admin_id = people + 1
        company.director_id = 2
        company.manager_id = 1 + 1 + TEAM * 2  # a first-line manager under a director
        pairs = [(person, managers[person]) for person in range(2, people + 1)]
        company.pairs = len(pairs)
        for pair_id, (member, lead) in enumerate(pairs, start=1):
            _pair(writer, rng, pair_id, lead, member, years, now)
        writer.flush()
        writer.reset_sequences()
        company.pair_id = next(
            pair_id
            for pair_id, (_member, lead) in enumerate(pairs, start=1)
            if lead == company.manager_id
        )
        company.report_id = pairs[company.pair_id - 1][0]
    _rebuild_derived(writer)
    with connection.cursor() as cursor:
        # As autovacuum would by the time anyone reads: the build's stamp updates leave dead rows.
        if _SQLITE:
            cursor.execute("PRAGMA analysis_limit=1000")  # a sample, as PRAGMA optimize takes
        cursor.execute("ANALYZE" if _SQLITE else "VACUUM ANALYZE")
    company.counts = dict(writer.counts)
    return company


def _people(writer: Writer, people: int, password: str, now: datetime) -> dict[int, int]:
    """Person 1 is the CEO; person n reports to person (n - 2) // TEAM + 1. Returns each one's manager."""
    columns = [
        "id",
        "password",
        "email",
        "name",
        "title",
        "timezone",
        "is_active",
        "is_admin",
        "date_joined",
        "manager_id",
    ]
    zones = ["Europe/Berlin", "America/New_York", "Asia/Singapore", "UTC"]
    managers = {}
    for person in range(1, people + 2):
        is_admin = person == people + 1
        manager = None if person == 1 or is_admin else (person - 2) // TEAM + 1
        if manager:
            managers[person] = manager
        writer.add(
            "people_person",
            columns,
            (
                person,
                password,
                f"p{person}@bench.example" if not is_admin else "admin@bench.example",
                f"Person {person:05}" if not is_admin else "Admin",
                "Engineer",
                zones[person % len(zones)],
                True,
                is_admin,
                _stamp(now),
                manager,
            ),
        )
    writer.flush("people_person")
    return managers


def _pair(
    writer: Writer,
    rng: random.Random,
    pair_id: int,
    lead: int,
    member: int,
    years: int,
    now: datetime,
) -> None:
    from showup.meetings.models import calendar_uid_new

    first = datetime.combine(
        (now - timedelta(weeks=52 * years)).date(), time(9 + pair_id % 8), tzinfo=UTC
    )
    first -= timedelta(days=first.weekday())
    writer.add(
        "meetings_pair",
        [
            "id",
            "relation",
            "created_at",
            "lead_id",
            "member_id",
            "career_prompt_days",
            "feedback_prompt_days",
        ],
        (pair_id, "manager", _stamp(first), lead, member, 90, 28),
    )
    writer.add(
        "meetings_series",
        [
            "id",
            "rule",
            "first_start",
            "timezone",
            "duration_minutes",
            "location",
            "max_gap_days",
            "status",
            "created_at",
            "changed_at",
            "created_by_id",
            "pair_id",
            "calendar_uid",
        ],
        (
            pair_id,
            "FREQ=WEEKLY",
            _stamp(first),
            "UTC",
            30,
            "",
            14,
            "active",
            _stamp(first),
            _stamp(first),
            lead,
            pair_id,
            calendar_uid_new(),
        ),
    )
    summary = _Summary()
    weeks = 52 * years + 57
    for week in range(weeks):
        start = first + timedelta(weeks=week)
        _occurrence(writer, rng, pair_id, lead, member, start, now, summary)
    writer.add(
        "meetings_pairsummary",
        [
            "id",
            "held",
            "skipped",
            "cancelled",
            "missed",
            "rescheduled",
            "cancelled_by_lead",
            "cancelled_by_member",
            "cancelled_late",
            "streak",
            "longest_closed_gap_days",
            "first_start",
            "last_held_at",
            "updated_at",
            "pair_id",
        ],
        (
            pair_id,
            summary.held,
            summary.skipped,
            summary.cancelled,
            summary.missed,
            0,
            summary.cancelled_by_lead,
            summary.cancelled - summary.cancelled_by_lead,
            summary.cancelled_late,
            summary.streak,
            14,
            _stamp(first),
            _stamp(summary.last_held) if summary.last_held else None,
            _stamp(now),
            pair_id,
        ),
    )
    _pair_extras(writer, rng, pair_id, lead, member, now)


@dataclass
class _Summary:
    held: int = 0
    skipped: int = 0
    cancelled: int = 0
    cancelled_by_lead: int = 0
    cancelled_late: int = 0
    missed: int = 0
    streak: int = 0
    last_held: datetime | None = None


def _occurrence(
    writer: Writer,
    rng: random.Random,
    pair_id: int,
    lead: int,
    member: int,
    start: datetime,
    now: datetime,
    summary: _Summary,
) -> None:
    occurrence_id = writer.next_id("meetings_occurrence")
    end = start + timedelta(minutes=30)
    past = end < now
    roll = rng.random()
    state = "scheduled"
    if past:
        state = (
            "held"
            if roll < 0.85
            else "skipped"
            if roll < 0.9
            else "cancelled"
            if roll < 0.97
            else "missed"
        )
    by_lead = rng.random() < 0.6
    outcome_at = end if state in ("held", "skipped", "missed") else start - timedelta(hours=30)
    writer.add(
        "meetings_occurrence",
        [
            "id",
            "original_start",
            "start",
            "end",
            "state",
            "outcome_at",
            "outcome_note",
            "outcome_by_id",
            "pair_id",
            "series_id",
        ],
        (
            occurrence_id,
            _stamp(start),
            _stamp(start),
            _stamp(end),
            state,
            _stamp(outcome_at) if past else None,
            "",
            (lead if by_lead else member) if past else None,
            pair_id,
            pair_id,
        ),
    )
    _count(summary, state, by_lead, start)
    week = _week(start, state, by_lead)
    if state in ("held", "skipped", "cancelled", "missed") or start < now + timedelta(weeks=1):
        _agenda(writer, rng, pair_id, lead, member, occurrence_id, start, state == "held", week)
    if state == "held":
        _notes_and_actions(writer, rng, pair_id, lead, member, occurrence_id, end)
        _scores(writer, rng, member, occurrence_id, end, week)
    _add_week(writer, pair_id, week)


def _count(summary: _Summary, state: str, by_lead: bool, start: datetime) -> None:
    if state == "held":
        summary.held += 1
        summary.streak += 1
        summary.last_held = start
    elif state == "skipped":
        summary.skipped += 1
    elif state == "cancelled":
        summary.cancelled += 1
        summary.cancelled_by_lead += by_lead
        summary.streak = 0
    elif state == "missed":
        summary.missed += 1
        summary.streak = 0


PAIRWEEK_COLUMNS = [
    "id",
    "week",
    "due",
    "held",
    "skipped",
    "cancelled",
    "cancelled_by_lead",
    "cancelled_late",
    "missed",
    "points",
    "points_by_member",
    "points_off_topic",
    "purposes",
    "check_in_total",
    "check_in_count",
    "rating_total",
    "rating_count",
    "pair_id",
]


def _week(start: datetime, state: str, by_lead: bool) -> dict[str, Any]:
    """The pair's numbers for the week, filled in as the week's rows are written."""
    return {
        "monday": start.date() - timedelta(days=start.weekday()),
        "state": state,
        "by_lead": by_lead,
        "points": 0,
        "points_by_member": 0,
        "purposes": {},
        "check_in_total": 0,
        "check_in_count": 0,
        "rating_total": 0,
        "rating_count": 0,
    }


def _add_week(writer: Writer, pair_id: int, week: dict[str, Any]) -> None:
    state = week["state"]
    row = (
        writer.next_id("insights_pairweek"),
        _day(week["monday"]),
        int(state != "scheduled"),
        int(state == "held"),
        int(state == "skipped"),
        int(state == "cancelled"),
        int(state == "cancelled" and week["by_lead"]),
        0,
        int(state == "missed"),
        week["points"],
        week["points_by_member"],
        0,
        json.dumps(week["purposes"]),
        week["check_in_total"],
        week["check_in_count"],
        week["rating_total"],
        week["rating_count"],
        pair_id,
    )
    writer.add("insights_pairweek", PAIRWEEK_COLUMNS, row)


POINT_COLUMNS = [
    "id",
    "text",
    "is_private",
    "position",
    "source",
    "discussed_at",
    "carried",
    "off_topic_kind",
    "kept_despite_nudge",
    "version",
    "created_at",
    "author_id",
    "occurrence_id",
    "pair_id",
    "purpose",
]
SEARCH_COLUMNS = [
    "id",
    "kind",
    "object_id",
    "body",
    "folded",
    "updated_at",
    "occurrence_id",
    "pair_id",
    "private_to_id",
]


def _search(
    writer: Writer,
    kind: str,
    object_id: int,
    body: str,
    at: datetime,
    occurrence_id: int,
    pair_id: int,
    private_to: int | None,
) -> None:
    writer.add(
        "history_searchentry",
        SEARCH_COLUMNS,
        (
            writer.next_id("history_searchentry"),
            kind,
            object_id,
            body,
            _fold(body),
            _stamp(at),
            occurrence_id,
            pair_id,
            private_to,
        ),
    )


@lru_cache(maxsize=100_000)
def _fold(text: str) -> str:
    from showup.history.search import fold

    return fold(text)


def _text(rng: random.Random, bank: list[str]) -> str:
    text = rng.choice(bank)
    if rng.random() < 0.01:
        text += f" ({rng.choice(RARE_WORDS)})"
    return text


def _agenda(
    writer: Writer,
    rng: random.Random,
    pair_id: int,
    lead: int,
    member: int,
    occurrence_id: int,
    start: datetime,
    held: bool,
    week: dict[str, Any],
) -> None:
    authors = [member, member, lead] + ([member] if rng.random() < 0.3 else [])
    for position, author in enumerate(authors, start=1):
        private = position == 4
        point_id = writer.next_id("agendas_talkingpoint")
        text = _text(rng, OPENERS)
        created = start - timedelta(days=2, hours=position)
        writer.add(
            "agendas_talkingpoint",
            POINT_COLUMNS,
            (
                point_id,
                text,
                private,
                position,
                "own",
                _stamp(start) if held else None,
                0,
                "",
                False,
                1,
                _stamp(created),
                author,
                occurrence_id,
                pair_id,
                "career",
            ),
        )
        _search(writer, "point", point_id, text, created, occurrence_id, pair_id,
                author if private else None)  # fmt: skip
        if not private:
            week["points"] += 1
            week["points_by_member"] += author == member
            week["purposes"]["career"] = week["purposes"].get("career", 0) + 1


NOTE_COLUMNS = [
    "id",
    "is_private",
    "body",
    "version",
    "updated_at",
    "author_id",
    "occurrence_id",
    "updated_by_id",
]
ACTION_COLUMNS = [
    "id",
    "text",
    "due_on",
    "done_at",
    "created_at",
    "created_by_id",
    "occurrence_id",
    "owner_id",
    "pair_id",
    "milestone_id",
]


def _notes_and_actions(
    writer: Writer,
    rng: random.Random,
    pair_id: int,
    lead: int,
    member: int,
    occurrence_id: int,
    end: datetime,
) -> None:
    body = "\n\n".join(_text(rng, NOTE_SENTENCES) for _ in range(rng.randint(3, 7)))
    note_id = writer.next_id("notes_note")
    writer.add(
        "notes_note",
        NOTE_COLUMNS,
        (note_id, False, body, 3, _stamp(end), None, occurrence_id, lead),
    )
    _search(writer, "note", note_id, body, end, occurrence_id, pair_id, None)
    if rng.random() < 0.35:
        author = lead if rng.random() < 0.6 else member
        private = " ".join(_text(rng, PRIVATE_SENTENCES) for _ in range(2))
        note_id = writer.next_id("notes_note")
        writer.add(
            "notes_note",
            NOTE_COLUMNS,
            (note_id, True, private, 1, _stamp(end), author, occurrence_id, author),
        )
        _search(writer, "note", note_id, private, end, occurrence_id, pair_id, author)
    if rng.random() < 0.4:
        owner = lead if rng.random() < 0.5 else member
        action_id = writer.next_id("actions_actionitem")
        due = (end + timedelta(days=7)).date()
        done = end + timedelta(days=rng.randint(1, 12)) if rng.random() < 0.92 else None
        text = _text(rng, ACTIONS)
        writer.add(
            "actions_actionitem",
            ACTION_COLUMNS,
            (
                action_id,
                text,
                _day(due),
                _stamp(done) if done else None,
                _stamp(end),
                owner,
                occurrence_id,
                owner,
                pair_id,
                None,
            ),
        )
        _search(writer, "action", action_id, text, end, occurrence_id, pair_id, None)


SCORE_COLUMNS = ["id", "score", "created_at", "occurrence_id", "person_id"]


def _scores(
    writer: Writer,
    rng: random.Random,
    member: int,
    occurrence_id: int,
    end: datetime,
    week: dict[str, Any],
) -> None:
    if rng.random() < 0.6:
        score = rng.choice([3, 4, 4, 5])
        writer.add(
            "insights_checkin",
            SCORE_COLUMNS,
            (writer.next_id("insights_checkin"), score, _stamp(end), occurrence_id, member),
        )
        week["check_in_total"] += score
        week["check_in_count"] += 1
    if rng.random() < 0.5:
        score = rng.choice([3, 4, 5, 5])
        writer.add(
            "insights_meetingrating",
            SCORE_COLUMNS,
            (writer.next_id("insights_meetingrating"), score, _stamp(end), occurrence_id, member),
        )
        week["rating_total"] += score
        week["rating_count"] += 1


def _pair_extras(
    writer: Writer, rng: random.Random, pair_id: int, lead: int, member: int, now: datetime
) -> None:
    """What a pair gathers besides its 1:1s: a career plan, feedback, an observation, a blocker."""
    writer.add(
        "careers_careerplan",
        ["id", "aspiration", "target_role", "horizon", "notes", "updated_at", "pair_id"],
        (pair_id, "ic", "Senior engineer", "in 18 months", "", _stamp(now), pair_id),
    )
    for step in range(3):
        writer.add(
            "careers_milestone",
            ["id", "title", "due_on", "status", "done_at", "created_at", "plan_id"],
            (
                writer.next_id("careers_milestone"),
                f"Milestone {step + 1}: lead a project end to end",
                _day((now + timedelta(days=60 * step)).date()),
                "planned",
                None,
                _stamp(now),
                pair_id,
            ),
        )
    for giver, receiver in ((lead, member), (member, lead)):
        writer.add(
            "feedback_feedback",
            [
                "id",
                "kind",
                "text",
                "discussed_at",
                "response",
                "responded_at",
                "created_at",
                "giver_id",
                "occurrence_id",
                "pair_id",
                "receiver_id",
            ],
            (
                writer.next_id("feedback_feedback"),
                "praise",
                "The way you handled the incident review was calm and fair.",
                None,
                "",
                None,
                _stamp(now - timedelta(days=rng.randint(1, 200))),
                giver,
                None,
                pair_id,
                receiver,
            ),
        )
    writer.add(
        "performance_observation",
        [
            "id",
            "kind",
            "text",
            "evidence",
            "raised_at",
            "acknowledged_at",
            "report_comment",
            "created_at",
            "amended_at",
            "pair_id",
            "raised_in_id",
        ],
        (
            writer.next_id("performance_observation"),
            "strength",
            "Clear written communication in design documents.",
            "",
            _stamp(now - timedelta(days=30)),
            None,
            "",
            _stamp(now - timedelta(days=40)),
            None,
            pair_id,
            None,
        ),
    )
    writer.add(
        "feedback_blocker",
        [
            "id",
            "kind",
            "text",
            "status",
            "outcome",
            "closed_at",
            "created_at",
            "occurrence_id",
            "pair_id",
            "raised_by_id",
        ],
        (
            writer.next_id("feedback_blocker"),
            "process",
            "Release approvals wait on one person.",
            "resolved",
            "Two more approvers.",
            _stamp(now - timedelta(days=20)),
            _stamp(now - timedelta(days=90)),
            None,
            pair_id,
            member,
        ),
    )


def _rebuild_derived(writer: Writer) -> None:
    """The per-manager weekly rollups, from the pair-weeks just written, and every pair's stamp."""
    from django.db import connection

    from showup.insights.rollups import lead_weeks_rebuild

    if not _SQLITE:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = DEFAULT")
            cursor.execute(
                "INSERT INTO meetings_pairstamp (pair_id, stamp) "
                "SELECT id, 1 FROM meetings_pair UNION ALL SELECT 0, 1 ON CONFLICT DO NOTHING"
            )

    lead_weeks_rebuild()
    writer.counts["insights_leadweek"] = 0


def describe(company: Company) -> str:
    return ", ".join(
        f"{table.split('_', 1)[1]} {count:,}" for table, count in company.counts.items()
    )
