"""Models as the API shows them. Each function is handed only what a selector let the reader see."""

from typing import Any

from showup.actions.models import ActionItem
from showup.agendas.models import TalkingPoint
from showup.feedback.models import Feedback
from showup.history.models import SearchEntry
from showup.insights.selectors import Numbers
from showup.meetings.models import Occurrence, Pair, PairSummary, Series
from showup.notes.models import Note
from showup.people.models import Person

Out = dict[str, Any]


def person_out(person: Person | None) -> Out | None:
    return None if person is None else {"id": person.pk, "name": person.name}


def summary_out(summary: PairSummary | None) -> Out | None:
    if summary is None:
        return None
    names = [
        "held",
        "skipped",
        "cancelled",
        "missed",
        "rescheduled",
        "cancelled_by_lead",
        "cancelled_by_member",
        "cancelled_late",
        "streak",
        "last_held_at",
    ]
    return {name: getattr(summary, name) for name in names}


def series_or_none(series: Series | None) -> Out | None:
    return None if series is None else series_out(series)


def series_out(series: Series) -> Out:
    return {
        "id": series.pk,
        "pair_id": series.pair_id,
        "rule": series.rule,
        "first_start": series.first_start,
        "timezone": series.timezone,
        "duration_minutes": series.duration_minutes,
        "location": series.location,
        "max_gap_days": series.max_gap_days,
        "status": series.status,
        "ends_at": series.ends_at,
        "replaces_id": series.replaces_id,
    }


def pair_out(pair: Pair) -> Out:
    return {
        "id": pair.pk,
        "relation": pair.relation,
        "lead": person_out(pair.lead),
        "member": person_out(pair.member),
        "created_at": pair.created_at,
    }


def occurrence_out(occurrence: Occurrence) -> Out:
    return {
        "id": occurrence.pk,
        "pair_id": occurrence.pair_id,
        "series_id": occurrence.series_id,
        "original_start": occurrence.original_start,
        "start": occurrence.start,
        "end": occurrence.end,
        "state": occurrence.state,
        "outcome_by": person_out(occurrence.outcome_by),
        "outcome_at": occurrence.outcome_at,
        "outcome_note": occurrence.outcome_note,
    }


def point_out(point: TalkingPoint, *, reader: Person) -> Out:
    return {
        "id": point.pk,
        "occurrence_id": point.occurrence_id,
        "author": person_out(point.author),
        "text": point.text,
        "private": point.is_private,
        "position": point.position,
        "discussed_at": point.discussed_at,
        "carried": point.carried,
        "nudge": point.nudge_for(reader) or None,
        "version": point.version,
    }


def note_out(note: Note | None, *, which: str) -> Out:
    if note is None:
        return {"which": which, "body": "", "version": 0, "updated_at": None, "updated_by": None}
    return {
        "which": which,
        "body": note.body,
        "version": note.version,
        "updated_at": note.updated_at,
        "updated_by": person_out(note.updated_by),
    }


def action_out(item: ActionItem) -> Out:
    return {
        "id": item.pk,
        "pair_id": item.pair_id,
        "occurrence_id": item.occurrence_id,
        "owner": person_out(item.owner),
        "text": item.text,
        "due_on": item.due_on,
        "done_at": item.done_at,
        "commitment": item.is_commitment,
        "created_at": item.created_at,
    }


def feedback_out(feedback: Feedback) -> Out:
    return {
        "id": feedback.pk,
        "pair_id": feedback.pair_id,
        "giver": person_out(feedback.giver),
        "receiver": person_out(feedback.receiver),
        "kind": feedback.kind,
        "text": feedback.text,
        "occurrence_id": feedback.occurrence_id,
        "discussed_at": feedback.discussed_at,
        "response": feedback.response,
        "responded_at": feedback.responded_at,
        "created_at": feedback.created_at,
    }


def numbers_out(numbers: Numbers) -> Out:
    counted = [
        "held",
        "skipped",
        "cancelled",
        "cancelled_by_lead",
        "cancelled_late",
        "missed",
        "points",
        "points_by_member",
        "points_off_topic",
        "adherence",
        "ownership",
        "off_topic_share",
        "average_check_in",
        "average_rating",
    ]
    return {name: getattr(numbers, name) for name in counted}


def hit_out(entry: SearchEntry) -> Out:
    return {
        "kind": entry.kind,
        "object_id": entry.object_id,
        "pair_id": entry.pair_id,
        "occurrence_id": entry.occurrence_id,
        "text": entry.body,
        "updated_at": entry.updated_at,
    }
