"""Check-ins and ratings for the demo, then every pair's weekly numbers from the full history.

Most reports feel fine and find their 1:1s useful; Chloe rates hers with
Daniel low, and Kenji's check-ins sag as his 1:1s keep not happening. Marta
rated her 1:1s with Jonas 4 or 5 for months and the last six 1 or 2; Arjun's
check-ins with Priya were fine until the last few.
"""

from showup.demo.context import DemoContext
from showup.insights.models import CheckIn, MeetingRating
from showup.insights.rollups import rollups_rebuild_all
from showup.meetings.models import Occurrence, Pair

LOW_RATERS = {("daniel", "chloe")}
SAGGING = {("priya", "kenji")}
FALLING_RATINGS = {("jonas", "marta")}
FALLING_CHECK_INS = {("priya", "arjun")}
LATELY = 6  # held 1:1s, counted back from the latest


def build_pulse(context: DemoContext) -> None:
    pairs = Pair.objects.filter(relation=Pair.Relation.MANAGER).select_related("lead", "member")
    for pair in pairs:
        key = (pair.lead.email.split("@")[0], pair.member.email.split("@")[0])
        held = list(pair.occurrences.filter(state=Occurrence.State.HELD).order_by("start"))
        check_ins, ratings = [], []
        for index, occurrence in enumerate(held):
            lately = index >= len(held) - LATELY
            falling = lately and key in FALLING_RATINGS | FALLING_CHECK_INS
            if context.random.random() < 0.2 and not falling:
                continue  # not everybody answers every time
            mood = (
                context.random.choice([1, 2, 2])
                if lately and key in FALLING_CHECK_INS
                else _mood(context, key, index, len(held))
            )
            check_ins.append(
                CheckIn(
                    occurrence=occurrence,
                    person=pair.member,
                    score=mood,
                    created_at=occurrence.start,
                )
            )
            usefulness = _usefulness(context, key, lately)
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


def _usefulness(context: DemoContext, key: tuple[str, str], lately: bool) -> int:
    if key in LOW_RATERS:
        return context.random.choice([1, 2, 2, 3])
    if key in FALLING_RATINGS:
        return context.random.choice([1, 2] if lately else [4, 5, 5])
    return context.random.choice([3, 4, 4, 5, 5])


def _mood(context: DemoContext, key: tuple[str, str], index: int, total: int) -> int:
    if key in SAGGING and index > total * 0.6:
        return context.random.choice([1, 2, 2, 3])
    return context.random.choice([3, 3, 4, 4, 4, 5])
