"""Check-ins and ratings for the demo, then every pair's weekly numbers from the full history.

Most reports feel fine and find their 1:1s useful; Chloe rates hers with
Daniel low, and Kenji's check-ins sag as his 1:1s keep not happening.
"""

from showup.demo.context import DemoContext
from showup.insights.models import CheckIn, MeetingRating
from showup.insights.rollups import rollups_rebuild_all
from showup.meetings.models import Occurrence, Pair

LOW_RATERS = {("daniel", "chloe")}
SAGGING = {("priya", "kenji")}


def build_pulse(context: DemoContext) -> None:
    pairs = Pair.objects.filter(relation=Pair.Relation.MANAGER).select_related("lead", "member")
    for pair in pairs:
        key = (pair.lead.email.split("@")[0], pair.member.email.split("@")[0])
        held = list(pair.occurrences.filter(state=Occurrence.State.HELD).order_by("start"))
        check_ins, ratings = [], []
        for index, occurrence in enumerate(held):
            if context.random.random() < 0.2:
                continue  # not everybody answers every time
            mood = _mood(context, key, index, len(held))
            check_ins.append(
                CheckIn(
                    occurrence=occurrence,
                    person=pair.member,
                    score=mood,
                    created_at=occurrence.start,
                )
            )
            usefulness = (
                context.random.choice([1, 2, 2, 3])
                if key in LOW_RATERS
                else context.random.choice([3, 4, 4, 5, 5])
            )
            ratings.append(
                MeetingRating(
                    occurrence=occurrence,
                    person=pair.member,
                    score=usefulness,
                    created_at=occurrence.end,
                )
            )
        CheckIn.objects.bulk_create(check_ins)
        MeetingRating.objects.bulk_create(ratings)
    rollups_rebuild_all()


def _mood(context: DemoContext, key: tuple[str, str], index: int, total: int) -> int:
    if key in SAGGING and index > total * 0.6:
        return context.random.choice([1, 2, 2, 3])
    return context.random.choice([3, 3, 4, 4, 4, 5])
