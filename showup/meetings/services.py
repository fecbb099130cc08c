"""Writes about pairs, series and occurrences.

Every outcome is recorded with a conditional UPDATE on the state it was read
in, so two people clicking at once cannot overwrite each other: the second
gets a clear message instead.
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence, OccurrenceMove, Pair, Series, SeriesEvent
from showup.meetings.recurrence import describe_rule, instances, localize
from showup.meetings.schedule import Schedule
from showup.meetings.signals import (
    occurrence_cancelled,
    occurrence_changed,
    occurrence_moved,
    occurrence_outcome_recorded,
    occurrence_restored,
    occurrences_dropping,
    series_event_recorded,
)
from showup.meetings.summaries import pair_summary_refresh
from showup.people.models import Person
from showup.people.selectors import person_chain

State = Occurrence.State
Status = Series.Status
Kind = SeriesEvent.Kind


def _series_event_record(**fields: Any) -> SeriesEvent:
    """Writes the series' history and tells whoever follows it (invitations, calendars)."""
    event = SeriesEvent.objects.create(**fields)
    series_event_recorded.send(sender=SeriesEvent, event=event)
    return event


# A 1:1 can be marked held from a little before its start: people join early.
HOLD_EARLY = timedelta(minutes=15)


def window_ahead() -> timedelta:
    return timedelta(days=settings.SCHEDULE_DAYS_AHEAD)


# Pairs -----------------------------------------------------------------------


def pair_between(
    *, proposer: Person, other: Person, relation: str | None = None
) -> tuple[Pair, bool]:
    """The pair of two people, and whether `proposer` may start a series without asking.

    The org chart decides who leads: a manager leads with a direct report, a
    skip-level manager with someone further down. Only a manager setting up a
    1:1 with their own report needs no acceptance.
    """
    if proposer.pk == other.pk:
        raise MeetingError("A 1:1 needs two people.")
    lead, member, relation = pair_roles(proposer=proposer, other=other, relation=relation)
    pair = (
        Pair.objects.filter(lead=lead, member=member).first()
        or Pair.objects.filter(lead=member, member=lead).first()
    )
    if pair is None or (
        relation in (Pair.Relation.MANAGER, Pair.Relation.SKIP_LEVEL) and pair.lead_id != lead.pk
    ):
        pair, _ = Pair.objects.get_or_create(
            lead=lead, member=member, defaults={"relation": relation}
        )
    if pair.relation != relation and relation in (Pair.Relation.MANAGER, Pair.Relation.SKIP_LEVEL):
        pair.relation = relation
        pair.save(update_fields=["relation"])
    immediate = pair.relation == Pair.Relation.MANAGER and pair.lead_id == proposer.pk
    return pair, immediate


def pair_roles(
    *, proposer: Person, other: Person, relation: str | None = None
) -> tuple[Person, Person, str]:
    """Who would lead, who would be the member, and how they relate; writes nothing."""
    if other.manager_id == proposer.pk:
        return proposer, other, Pair.Relation.MANAGER
    if proposer.manager_id == other.pk:
        return other, proposer, Pair.Relation.MANAGER
    if proposer in person_chain(person=other):
        return proposer, other, Pair.Relation.SKIP_LEVEL
    if other in person_chain(person=proposer):
        return other, proposer, Pair.Relation.SKIP_LEVEL
    return proposer, other, relation or Pair.Relation.PEER


# Series ----------------------------------------------------------------------


def _check_party(pair: Pair, person: Person) -> None:
    if not pair.includes(person):
        raise MeetingError("Only the two people in a 1:1 can change it.")


def _new_series(
    *,
    pair: Pair,
    schedule: Schedule,
    by: Person,
    status: str,
    replaces: Series | None,
    first_start: datetime,
) -> Series:
    series = Series(
        pair=pair,
        rule=schedule.rule,
        first_start=first_start,
        timezone=schedule.timezone,
        duration_minutes=schedule.duration_minutes,
        location=schedule.location,
        max_gap_days=schedule.gap_days,
        status=status,
        created_by=by,
        replaces=replaces,
    )
    series.full_clean()
    series.save()
    return series


@transaction.atomic
def series_create(
    *, pair: Pair, schedule: Schedule, by: Person, immediate: bool, now: datetime | None = None
) -> Series:
    """Sets up a pair's 1:1: at once for a manager's own report, as a proposal otherwise."""
    now = now or timezone.now()
    _check_party(pair, by)
    if Series.objects.filter(
        pair=pair, status__in=[Status.PROPOSED, Status.ACTIVE, Status.PAUSED]
    ).exists():
        raise MeetingError("These two people already have a 1:1 series. Change it instead.")
    status = Status.ACTIVE if immediate else Status.PROPOSED
    series = _new_series(
        pair=pair,
        schedule=schedule,
        by=by,
        status=status,
        replaces=None,
        first_start=schedule.first_start(),
    )
    _series_event_record(
        pair=pair,
        series=series,
        kind=Kind.CREATED if immediate else Kind.PROPOSED,
        by=by,
        at=now,
        detail=describe_rule(schedule.rule),
    )
    if immediate:
        series_keep_window(series=series, now=now)
        pair_summary_refresh(pair=pair, now=now)
    return series


def _set_status(series: Series, expected: list[str], **changes: object) -> None:
    updated = Series.objects.filter(pk=series.pk, status__in=expected).update(
        changed_at=timezone.now(), **changes
    )
    if not updated:
        raise MeetingError(
            "This 1:1 series was changed by someone else a moment ago. Reload to see it."
        )
    for field, value in changes.items():
        setattr(series, field, value)


@transaction.atomic
def series_accept(*, series: Series, by: Person, now: datetime | None = None) -> Series:
    now = now or timezone.now()
    _check_party(series.pair, by)
    if by.pk == series.created_by_id:
        raise MeetingError("The other person accepts a proposed 1:1.")
    first_start = series.first_start
    if first_start < now:
        first_start = Schedule(
            rule=series.rule,
            first_day=now.astimezone(series.zone).date(),
            at=series.local_first_start.time(),
            timezone=series.timezone,
        ).first_start()
    _set_status(series, [Status.PROPOSED], status=Status.ACTIVE, first_start=first_start)
    _series_event_record(pair=series.pair, series=series, kind=Kind.ACCEPTED, by=by, at=now)
    series_keep_window(series=series, now=now)
    pair_summary_refresh(pair=series.pair, now=now)
    return series


@transaction.atomic
def series_decline(*, series: Series, by: Person, now: datetime | None = None) -> Series:
    """The other person declines a proposal, or its author withdraws it."""
    _check_party(series.pair, by)
    _set_status(series, [Status.PROPOSED], status=Status.DECLINED)
    _series_event_record(
        pair=series.pair, series=series, kind=Kind.DECLINED, by=by, at=now or timezone.now()
    )
    return series


@transaction.atomic
def series_pause(*, series: Series, by: Person, now: datetime | None = None) -> Series:
    now = now or timezone.now()
    _check_party(series.pair, by)
    _set_status(series, [Status.ACTIVE], status=Status.PAUSED, ends_at=now)
    _drop_future(series, after=now, by=by, now=now, why="The 1:1s were paused.")
    _series_event_record(pair=series.pair, series=series, kind=Kind.PAUSED, by=by, at=now)
    pair_summary_refresh(pair=series.pair, now=now)
    return series


@transaction.atomic
def series_end(*, series: Series, by: Person, now: datetime | None = None) -> Series:
    now = now or timezone.now()
    _check_party(series.pair, by)
    ends_at = series.ends_at if series.status == Status.PAUSED and series.ends_at else now
    _set_status(series, [Status.ACTIVE, Status.PAUSED], status=Status.ENDED, ends_at=ends_at)
    _drop_future(series, after=now, by=by, now=now, why="The 1:1s were ended.")
    _series_event_record(pair=series.pair, series=series, kind=Kind.ENDED, by=by, at=now)
    pair_summary_refresh(pair=series.pair, now=now)
    return series


@transaction.atomic
def series_resume(
    *, series: Series, by: Person, from_day: date, now: datetime | None = None
) -> Series:
    """Starts the paused 1:1 again with the same rule, from `from_day` on."""
    now = now or timezone.now()
    schedule = schedule_of(series)
    resumed = _replace(
        series, schedule=schedule, by=by, from_day=from_day, now=now, expected=[Status.PAUSED]
    )
    _series_event_record(pair=series.pair, series=resumed, kind=Kind.RESUMED, by=by, at=now)
    return resumed


@transaction.atomic
def series_change(
    *, series: Series, schedule: Schedule, by: Person, from_day: date, now: datetime | None = None
) -> Series:
    """A new schedule from `from_day` on; what happened before keeps the old one."""
    now = now or timezone.now()
    changed = _replace(
        series,
        schedule=schedule,
        by=by,
        from_day=from_day,
        now=now,
        expected=[Status.ACTIVE, Status.PAUSED],
    )
    _series_event_record(
        pair=series.pair,
        series=changed,
        kind=Kind.CHANGED,
        by=by,
        at=now,
        detail=f"{describe_rule(schedule.rule)} from {from_day:%-d %b %Y}",
    )
    return changed


def _replace(
    series: Series,
    *,
    schedule: Schedule,
    by: Person,
    from_day: date,
    now: datetime,
    expected: list[str],
) -> Series:
    _check_party(series.pair, by)
    if from_day < now.astimezone(schedule.zone).date():
        raise MeetingError("A change applies from today or later; the past stays as it was.")
    first_start = schedule.first_start(on_or_after=from_day)
    if first_start < now:
        first_start = schedule.first_start(on_or_after=from_day + timedelta(days=1))
    cut = localize(datetime.combine(from_day, time.min), series.zone)
    ends_at = min(series.ends_at or cut, cut) if series.status == Status.PAUSED else max(cut, now)
    _set_status(series, expected, status=Status.ENDED, ends_at=ends_at)
    replacement = _new_series(
        pair=series.pair,
        schedule=schedule,
        by=by,
        status=Status.ACTIVE,
        replaces=series,
        first_start=first_start,
    )
    series_keep_window(series=replacement, now=now)
    # Dropped once the new dates exist, so that what hangs off the old ones can move to them.
    _drop_future(series, after=ends_at, by=by, now=now, why="The 1:1s moved to a new schedule.")
    pair_summary_refresh(pair=series.pair, now=now)
    return replacement


def schedule_of(series: Series) -> Schedule:
    local = series.local_first_start
    return Schedule(
        rule=series.rule,
        first_day=local.date(),
        at=local.time(),
        timezone=series.timezone,
        duration_minutes=series.duration_minutes,
        location=series.location,
        max_gap_days=series.max_gap_days,
    )


def _drop_future(
    series: Series, *, after: datetime, by: Person, now: datetime, why: str = ""
) -> None:
    """Removes the series' scheduled occurrences from `after` on; outcomes already recorded stay.

    A pair whose every 1:1 is still ahead keeps the first, called off by `by` for `why`:
    what was written for the dropped dates moves to a 1:1 that stays (notes/services.py),
    and the pair needs one. Decided by the dates alone, never by what anyone wrote, so
    that it tells nobody whether a private note exists.
    """
    # A date moved to before `after` stays: it is behind the change, or already took place
    # and only waits to be marked (and may have had a concern raised in it).
    doomed = series.occurrences.filter(
        state=State.SCHEDULED, original_start__gte=after, start__gte=after
    )
    first = doomed.order_by("start").first()
    others = Occurrence.objects.filter(pair_id=series.pair_id).exclude(pk__in=doomed)
    if first and not others.exists():
        _record(
            first,
            expected=[State.SCHEDULED],
            by=by,
            now=now,
            state=State.CANCELLED,
            outcome_by=by,
            outcome_at=now,
            outcome_note=why,
        )
        doomed = doomed.exclude(pk=first.pk)
    occurrences_dropping.send(sender=Series, series=series, occurrences=doomed, after=after)
    doomed.delete()


def nearest_staying(
    *, occurrence: Occurrence, dropped: list[Occurrence], after: datetime
) -> Occurrence | None:
    """Where what hangs off a dropped 1:1 goes: the first 1:1 still ahead on or after its date,
    else the last one ahead (a new schedule's), else the pair's latest 1:1 (a pause or an end).

    Called by the apps that move content off dropped dates, inside the same write.
    """
    staying = Occurrence.objects.filter(pair_id=occurrence.pair_id).exclude(
        pk__in=[gone.pk for gone in dropped]
    )
    ahead = staying.filter(state=Occurrence.State.SCHEDULED, start__gte=after).order_by("start")
    return (
        ahead.filter(start__gte=occurrence.start).first()
        or ahead.last()
        or staying.order_by("-start").first()
    )


# The rolling window of stored occurrences --------------------------------------


def series_keep_window(*, series: Series, now: datetime | None = None) -> int:
    """Stores every occurrence the rule gives up to the window ahead; returns how many were added."""
    if series.status != Status.ACTIVE:
        return 0
    now = now or timezone.now()
    latest = series.occurrences.aggregate(latest=Max("original_start"))["latest"]
    since = latest + timedelta(seconds=1) if latest else series.first_start
    until = min(now + window_ahead(), series.ends_at or now + window_ahead())
    starts = instances(series.rule, series.first_start, series.zone, since, until)
    Occurrence.objects.bulk_create(
        [
            Occurrence(
                series=series,
                pair_id=series.pair_id,
                original_start=start,
                start=start,
                end=start + series.duration,
            )
            for start in starts
        ],
        ignore_conflicts=True,
    )
    return len(starts)


def series_keep_all_windows(*, now: datetime | None = None) -> int:
    return sum(
        series_keep_window(series=series, now=now)
        for series in Series.objects.filter(status=Status.ACTIVE)
    )


# Occurrences -----------------------------------------------------------------


def _record(
    occurrence: Occurrence, *, expected: list[str], by: Person, now: datetime, **changes: object
) -> Occurrence:
    _check_party(occurrence.pair, by)
    updated = Occurrence.objects.filter(pk=occurrence.pk, state__in=expected).update(**changes)
    if not updated:
        occurrence.refresh_from_db()
        raise MeetingError(
            f"{_someone_else(occurrence)} already marked this 1:1 {occurrence.get_state_display().lower()}. Nothing was changed."
        )
    occurrence.refresh_from_db()
    pair_summary_refresh(pair=occurrence.pair, now=now)
    if occurrence.state != State.SCHEDULED:
        occurrence_outcome_recorded.send(sender=Occurrence, occurrence=occurrence, now=now)
    occurrence_changed.send(sender=Occurrence, occurrence=occurrence)
    return occurrence


def _someone_else(occurrence: Occurrence) -> str:
    return occurrence.outcome_by.name if occurrence.outcome_by else "Someone"


@transaction.atomic
def occurrence_hold(
    *, occurrence: Occurrence, by: Person, now: datetime | None = None
) -> Occurrence:
    now = now or timezone.now()
    if occurrence.start - HOLD_EARLY > now:
        raise MeetingError("This 1:1 has not started yet; mark it held once it has.")
    return _record(
        occurrence,
        expected=[State.SCHEDULED, State.MISSED],
        by=by,
        now=now,
        state=State.HELD,
        outcome_by=by,
        outcome_at=now,
        outcome_note="",
    )


@transaction.atomic
def occurrence_skip(
    *, occurrence: Occurrence, by: Person, note: str = "", now: datetime | None = None
) -> Occurrence:
    """Nothing to discuss this time: either person may skip, and it is not a cancellation."""
    now = now or timezone.now()
    return _record(
        occurrence,
        expected=[State.SCHEDULED, State.MISSED],
        by=by,
        now=now,
        state=State.SKIPPED,
        outcome_by=by,
        outcome_at=now,
        outcome_note=note.strip(),
    )


@transaction.atomic
def occurrence_cancel(
    *, occurrence: Occurrence, by: Person, reason: str = "", now: datetime | None = None
) -> Occurrence:
    now = now or timezone.now()
    if occurrence.end <= now:
        raise MeetingError(
            "This 1:1 is over; record whether it happened instead of cancelling it."
        )
    cancelled = _record(
        occurrence,
        expected=[State.SCHEDULED],
        by=by,
        now=now,
        state=State.CANCELLED,
        outcome_by=by,
        outcome_at=now,
        outcome_note=reason.strip(),
    )
    occurrence_cancelled.send(sender=Occurrence, occurrence=cancelled, by=by)
    return cancelled


@transaction.atomic
def occurrence_mark_missed(
    *, occurrence: Occurrence, by: Person, now: datetime | None = None
) -> Occurrence:
    """Someone says it did not happen, although nobody cancelled it."""
    now = now or timezone.now()
    if occurrence.start > now:
        raise MeetingError("This 1:1 is still ahead; cancel or reschedule it instead.")
    return _record(
        occurrence,
        expected=[State.SCHEDULED],
        by=by,
        now=now,
        state=State.MISSED,
        outcome_by=by,
        outcome_at=now,
    )


@transaction.atomic
def occurrence_restore(
    *, occurrence: Occurrence, by: Person, now: datetime | None = None
) -> Occurrence:
    """Undoes a skip or a cancellation while the 1:1 is still ahead."""
    now = now or timezone.now()
    if occurrence.start <= now:
        raise MeetingError("Only a 1:1 that is still ahead can be put back on.")
    if occurrence.series.status != Status.ACTIVE:
        raise MeetingError(
            "These 1:1s are paused or ended: resume them to put dates back on. Nothing was changed."
        )
    restored = _record(
        occurrence,
        expected=[State.SKIPPED, State.CANCELLED],
        by=by,
        now=now,
        state=State.SCHEDULED,
        outcome_by=None,
        outcome_at=None,
        outcome_note="",
    )
    occurrence_restored.send(sender=Occurrence, occurrence=restored, by=by)
    return restored


@transaction.atomic
def occurrence_reschedule(
    *,
    occurrence: Occurrence,
    by: Person,
    new_start: datetime,
    reason: str = "",
    now: datetime | None = None,
) -> Occurrence:
    """Moves a 1:1 to another time; the move is kept on record."""
    now = now or timezone.now()
    if new_start <= now:
        raise MeetingError("Pick a time that is still ahead.")
    if new_start == occurrence.start:
        raise MeetingError("That is the time it already has.")
    old_start = occurrence.start
    duration = occurrence.end - occurrence.start
    moved = _record(
        occurrence,
        expected=[State.SCHEDULED],
        by=by,
        now=now,
        start=new_start,
        end=new_start + duration,
    )
    move = OccurrenceMove.objects.create(
        occurrence=moved,
        from_start=old_start,
        to_start=new_start,
        moved_by=by,
        moved_at=now,
        reason=reason.strip(),
    )
    occurrence_moved.send(sender=Occurrence, occurrence=moved, by=by, move=move)
    return moved


def occurrences_mark_missed(*, now: datetime | None = None) -> int:
    """Marks 1:1s missed when their time passed long ago and nobody recorded what happened."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.MISSED_AFTER_DAYS)
    overdue = list(Occurrence.objects.filter(state=State.SCHEDULED, end__lt=cutoff))
    Occurrence.objects.filter(
        pk__in=[occurrence.pk for occurrence in overdue], state=State.SCHEDULED
    ).update(state=State.MISSED, outcome_at=now)
    for pair in Pair.objects.filter(pk__in={occurrence.pair_id for occurrence in overdue}):
        pair_summary_refresh(pair=pair, now=now)
    for occurrence in overdue:
        occurrence.state = State.MISSED
        occurrence_outcome_recorded.send(sender=Occurrence, occurrence=occurrence, now=now)
        occurrence_changed.send(sender=Occurrence, occurrence=occurrence)
    return len(overdue)


def pair_set_rhythms(*, pair: Pair, by: Person, feedback_days: int, career_days: int) -> Pair:
    """How often the 1:1 page prompts for feedback and for a career conversation: the pair's choice."""
    _check_party(pair, by)
    if not (7 <= feedback_days <= 365 and 14 <= career_days <= 730):
        raise MeetingError(
            "Prompt for feedback every 7 to 365 days, and for a career conversation every 14 to 730."
        )
    pair.feedback_prompt_days = feedback_days
    pair.career_prompt_days = career_days
    pair.save(update_fields=["feedback_prompt_days", "career_prompt_days"])
    return pair
