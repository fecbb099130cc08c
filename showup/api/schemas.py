"""What the API reads and writes, as typed schemas: the OpenAPI document is generated from these."""

from datetime import date, datetime
from typing import Any, Literal

from ninja import Field, Schema

# Ids and versions are stored in 32 or 64 bit columns; anything larger is refused as input.
MAX_INT = 2**31 - 1


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in words a person can act on.")


class InvalidOut(Schema):
    detail: list[dict[str, Any]] = Field(description="Each field that was wrong, and why.")


class PersonOut(Schema):
    id: int
    name: str


class MeOut(PersonOut):
    email: str
    timezone: str
    manager: PersonOut | None


class SummaryOut(Schema):
    """The pair's counts: both people read them."""

    held: int
    skipped: int
    cancelled: int
    missed: int
    rescheduled: int
    cancelled_by_lead: int
    cancelled_by_member: int
    cancelled_late: int
    streak: int
    last_held_at: datetime | None


class SeriesOut(Schema):
    id: int
    pair_id: int
    rule: str = Field(description="An RFC 5545 RRULE, counted from first_start.")
    first_start: datetime
    timezone: str
    duration_minutes: int
    location: str
    max_gap_days: int
    status: str
    ends_at: datetime | None
    replaces_id: int | None


class PairOut(Schema):
    id: int
    relation: str
    lead: PersonOut
    member: PersonOut
    created_at: datetime


class PairDetailOut(PairOut):
    series: SeriesOut | None
    summary: SummaryOut | None


class OccurrenceOut(Schema):
    id: int
    pair_id: int
    series_id: int
    original_start: datetime
    start: datetime
    end: datetime
    state: Literal["scheduled", "held", "skipped", "cancelled", "missed"]
    outcome_by: PersonOut | None
    outcome_at: datetime | None
    outcome_note: str


class OccurrenceDetailOut(OccurrenceOut):
    check_in: int | None = Field(description="The report's check-in, 1 to 5.")
    rating: int | None = Field(description="The report's rating of the 1:1, 1 to 5.")


class PointOut(Schema):
    id: int
    occurrence_id: int | None
    author: PersonOut
    text: str
    private: bool = Field(description="Private points are read by their author alone.")
    position: int
    discussed_at: datetime | None
    carried: int = Field(description="How many times the point moved on to a later 1:1.")
    nudge: str | None = Field(description="The off-topic guard's kind of work catch-up, if any.")
    version: int


class PointIn(Schema):
    text: str = Field(min_length=1, description="What to talk about.")
    private: bool = False


class PointEditIn(Schema):
    text: str = Field(min_length=1)
    version: int = Field(ge=0, le=MAX_INT, description="The version the edit is based on.")


class PointMoveIn(Schema):
    direction: Literal["up", "down"]


class DiscussedIn(Schema):
    discussed: bool


class NoteOut(Schema):
    which: Literal["shared", "private"]
    body: str = Field(description="Markdown.")
    version: int = Field(description="0 when nothing was written yet.")
    updated_at: datetime | None
    updated_by: PersonOut | None


class NotesOut(Schema):
    shared: NoteOut
    private: NoteOut = Field(description="The reader's own private note: nobody else reads it.")


class NoteIn(Schema):
    body: str
    version: int = Field(
        ge=0, le=MAX_INT, description="The version the text is based on (0 for a new note)."
    )


class NoteConflictOut(Schema):
    detail: str
    current: NoteOut = Field(description="What was saved meanwhile: merge it into your text.")


class ActionOut(Schema):
    id: int
    pair_id: int
    occurrence_id: int | None
    owner: PersonOut
    text: str
    due_on: date | None
    done_at: datetime | None
    commitment: bool = Field(description="Owned by the manager: a commitment.")
    created_at: datetime


class ActionIn(Schema):
    text: str = Field(min_length=1)
    owner: Literal["me", "other"] = "me"
    due_on: date | None = None


class DoneIn(Schema):
    done: bool


class FeedbackOut(Schema):
    id: int
    pair_id: int
    giver: PersonOut
    receiver: PersonOut
    kind: Literal["praise", "suggestion"]
    text: str
    occurrence_id: int | None
    discussed_at: datetime | None
    response: str
    responded_at: datetime | None
    created_at: datetime


class FeedbackIn(Schema):
    kind: Literal["praise", "suggestion"]
    text: str = Field(min_length=1)
    occurrence_id: int | None = Field(None, ge=1, le=MAX_INT)


class ScoreIn(Schema):
    score: int = Field(ge=1, le=5)


class ScoreOut(Schema):
    occurrence_id: int
    score: int


class NumbersOut(Schema):
    held: int
    skipped: int
    cancelled: int
    cancelled_by_lead: int
    cancelled_late: int
    missed: int
    points: int
    points_by_member: int
    points_off_topic: int
    adherence: float | None
    ownership: float | None = Field(description="The share of points the report wrote.")
    off_topic_share: float | None
    average_check_in: float | None
    average_rating: float | None


class FollowThroughOut(Schema):
    on_time: int
    late: int
    overdue: int
    open: int


class InsightsOut(Schema):
    pair_id: int
    period: Literal["4w", "12w", "26w", "52w"]
    since: date
    numbers: NumbersOut
    summary: SummaryOut | None
    lead_follow_through: FollowThroughOut
    member_follow_through: FollowThroughOut


class AttentionOut(Schema):
    """One thing on the caller's attention list: about one of their reports, or their own habit."""

    kind: str = Field(description="The rule: gap, quiet, rescheduling, career, habit-… and so on.")
    severity: float = Field(description="Higher first, as the list is ordered.")
    person_id: int = Field(description="The report the entry is about; for a habit, the caller.")
    named_ids: list[int] = Field(description="For a habit, the reports it touches.")
    title: str
    detail: str
    action: str
    url: str = Field(description="Where to act, in Showup.")


class SearchHitOut(Schema):
    kind: str
    object_id: int
    pair_id: int
    occurrence_id: int | None
    text: str
    updated_at: datetime


class PageOut(Schema):
    count: int
    limit: int
    offset: int


class PairPage(PageOut):
    items: list[PairOut]


class OccurrencePage(PageOut):
    items: list[OccurrenceOut]


class SeriesPage(PageOut):
    items: list[SeriesOut]


class ActionPage(PageOut):
    items: list[ActionOut]


class FeedbackPage(PageOut):
    items: list[FeedbackOut]


class SearchPage(PageOut):
    capped: bool = Field(description="More matched than the newest 400 searched.")
    items: list[SearchHitOut]


class PointConflictOut(Schema):
    detail: str
    current: PointOut = Field(description="The point as someone else changed it meanwhile.")


class OccurrenceActionsOut(Schema):
    open_before: list[ActionOut] = Field(description="Still open from earlier 1:1s.")
    added_here: list[ActionOut]
