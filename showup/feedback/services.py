"""Writes about feedback and blockers."""

from django.db import transaction
from django.utils import timezone

from showup.core.signals import searchable_text_saved
from showup.core.text import text_refusal
from showup.feedback.models import MAX_TEXT, Blocker, Feedback
from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence, Pair
from showup.people.models import Person


def clean_text(text: str, *, what: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise MeetingError(f"Write the {what}.")
    refusal = text_refusal(cleaned, max_length=MAX_TEXT, what=f"the {what}")
    if refusal:
        raise MeetingError(refusal)
    return cleaned


def _check_party(pair: Pair, person: Person) -> None:
    if not pair.includes(person):
        raise MeetingError("Only the two people in a 1:1 can do that.")


def _check_occurrence(pair: Pair, occurrence: Occurrence | None) -> None:
    if occurrence is not None and occurrence.pair_id != pair.pk:
        raise MeetingError("That 1:1 belongs to another pair.")


@transaction.atomic
def feedback_give(
    *, pair: Pair, giver: Person, kind: str, text: str, occurrence: Occurrence | None = None
) -> Feedback:
    _check_party(pair, giver)
    _check_occurrence(pair, occurrence)
    if kind not in Feedback.Kind.values:
        raise MeetingError("Feedback is praise or a suggestion.")
    feedback = Feedback.objects.create(
        pair=pair,
        giver=giver,
        receiver=pair.other(giver),
        kind=kind,
        text=clean_text(text, what="feedback"),
        occurrence=occurrence,
    )
    searchable_text_saved.send(
        sender=None,
        kind="feedback",
        object_id=feedback.pk,
        pair=pair,
        occurrence=occurrence,
        private_to=None,
        body=feedback.text,
    )
    return feedback


def feedback_respond(*, feedback: Feedback, by: Person, response: str) -> Feedback:
    """The receiver says what they did with it: for upward feedback, the manager's answer."""
    if feedback.receiver_id != by.pk:
        raise MeetingError("Only the person who received the feedback can answer it.")
    feedback.response = clean_text(response, what="answer")
    feedback.responded_at = timezone.now()
    feedback.save(update_fields=["response", "responded_at"])
    return feedback


def feedback_set_discussed(*, feedback: Feedback, by: Person, discussed: bool) -> Feedback:
    _check_party(feedback.pair, by)
    feedback.discussed_at = timezone.now() if discussed else None
    feedback.save(update_fields=["discussed_at"])
    return feedback


@transaction.atomic
def blocker_log(
    *, pair: Pair, by: Person, kind: str, text: str, occurrence: Occurrence | None = None
) -> Blocker:
    """The report logs what is harder than it should be; from now on the manager owns it."""
    if by.pk != pair.member_id:
        raise MeetingError("The report logs blockers; the manager answers them.")
    _check_occurrence(pair, occurrence)
    if kind not in Blocker.Kind.values:
        raise MeetingError("Choose what kind of blocker it is.")
    blocker = Blocker.objects.create(
        pair=pair,
        raised_by=by,
        kind=kind,
        text=clean_text(text, what="blocker"),
        occurrence=occurrence,
    )
    searchable_text_saved.send(
        sender=None,
        kind="blocker",
        object_id=blocker.pk,
        pair=pair,
        occurrence=occurrence,
        private_to=None,
        body=blocker.text,
    )
    return blocker


def _close(blocker: Blocker, *, by: Person, status: str, outcome: str) -> Blocker:
    if by.pk != blocker.pair.lead_id:
        raise MeetingError("The manager resolves or declines a blocker.")
    updated = Blocker.objects.filter(pk=blocker.pk, status=Blocker.Status.OPEN).update(
        status=status, outcome=outcome, closed_at=timezone.now()
    )
    if not updated:
        raise MeetingError("This blocker was already closed.")
    blocker.refresh_from_db()
    return blocker


def blocker_resolve(*, blocker: Blocker, by: Person, outcome: str) -> Blocker:
    return _close(
        blocker, by=by, status=Blocker.Status.RESOLVED, outcome=outcome.strip()[:MAX_TEXT]
    )


def blocker_decline(*, blocker: Blocker, by: Person, reason: str) -> Blocker:
    """Declining is allowed, but never silently: the reason is required and the report sees it."""
    return _close(
        blocker,
        by=by,
        status=Blocker.Status.DECLINED,
        outcome=clean_text(reason, what="reason for declining"),
    )
