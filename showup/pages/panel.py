"""The 1:1 page's side panel: what matters now, gathered from feedback, performance, careers and actions."""

from datetime import datetime, timedelta

from django.utils import timezone

from showup.actions.selectors import overdue_commitments
from showup.careers.selectors import (
    is_career_conversation,
    last_career_conversation,
    milestones_due,
)
from showup.feedback.forms import FeedbackForm
from showup.feedback.selectors import feedback_to_discuss, last_feedback_given
from showup.insights.selectors import member_pulse
from showup.meetings.models import Occurrence, Pair
from showup.people.models import Person
from showup.performance.forms import AcknowledgeForm
from showup.performance.selectors import unacknowledged_concerns


def side_panel(*, occurrence: Occurrence, person: Person, now: datetime) -> dict[str, object]:
    pair = occurrence.pair
    today = timezone.localdate()
    is_manager_pair = pair.relation == Pair.Relation.MANAGER
    last_given = last_feedback_given(pair=pair, person=person)
    last_career = last_career_conversation(pair=pair, reader=person) if is_manager_pair else None
    return {
        "feedback_to_discuss": feedback_to_discuss(pair=pair, reader=person),
        "unacknowledged_concerns": unacknowledged_concerns(pair=pair, reader=person)
        if is_manager_pair
        else [],
        "milestones_due": milestones_due(pair=pair, reader=person, today=today)
        if is_manager_pair
        else [],
        "overdue_commitments": overdue_commitments(pair=pair, reader=person, today=today),
        "feedback_prompt": last_given is None
        or last_given < now - timedelta(days=pair.feedback_prompt_days),
        "last_feedback_given": last_given,
        "career_prompt": is_manager_pair
        and (last_career is None or last_career < today - timedelta(days=pair.career_prompt_days)),
        "last_career_conversation": last_career,
        "is_career_conversation": is_manager_pair
        and is_career_conversation(occurrence_id=occurrence.pk),
        "is_manager_pair": is_manager_pair,
        "pulse": member_pulse(occurrence=occurrence, reader=person),
        "scores": range(1, 6),
        "feedback_form": FeedbackForm(),
        "acknowledge_form": AcknowledgeForm(),
    }
