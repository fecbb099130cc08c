"""What the demo pairs talked about: agendas, notes, private notes and action items.

Most pairs talk about the person; Daniel and Marcus turned their 1:1 into a
status meeting, which the off-topic numbers show. Lately Jonas writes nearly
all of Felix's agenda, and Priya Mei's and Ananya's. Some actions are overdue,
Priya's promise to Kenji among them.
"""

from datetime import timedelta

from django.utils import timezone

from showup.actions.models import ActionItem
from showup.actions.services import action_add
from showup.agendas.models import TalkingPoint
from showup.agendas.services import recurring_point_add, talking_point_add
from showup.demo.context import DemoContext
from showup.meetings.models import Occurrence, Pair
from showup.notes.models import Note
from showup.notes.services import note_save
from showup.people.models import Person

State = Occurrence.State

MEMBER_POINTS = [
    "I'd like feedback on how I ran the incident review",
    "Can we talk about my path to senior engineer?",
    "The on-call rotation is wearing me down",
    "I keep getting pulled into meetings and can't focus",
    "Is there budget for a conference this year?",
    "I want to learn more about our data platform",
    "How am I doing against the goals we set?",
    "The release process is harder than it should be",
    "I'm worried the ticket backlog is stressing the team",
    "Feedback for you: the planning meeting ran long again",
    "I'd like to mentor the new joiner",
    "Work-life balance has been rough with the launch",
    "Would like more ownership of the API work",
    "I felt my idea was dismissed in the design meeting",
    "Thinking about the manager track: what would it take?",
]
LEAD_POINTS = [
    "How are you, really?",
    "What's one thing I could do better for you?",
    "Feedback: great job explaining the trade-offs to product",
    "Let's revisit your development plan",
    "Where do you want to be in a year?",
    "The team's roadmap for next quarter and where you fit",
    "Anything blocking you that I can remove?",
]
CATCH_UP_POINTS = [
    "Status update on the Android release",
    "Review my PR #482",
    "Progress on the crash reporting migration",
    "Go through the open bugs in the payments component",
    "Walk through the design doc for offline sync",
    "Plan the tasks for next sprint",
    "Update on the Play Store review",
    "Triage the bugs that came in over the weekend",
]
SHARED_NOTES = [
    "- Talked through the incident review; **good calm facilitation**.\n- Agreed to rotate the on-call lead.\n- Next time: career goals.",
    "**Career**: wants to grow towards senior. Milestones: lead one project end to end, mentor someone.\n\nBlocker: flaky CI. Manager to raise it with the platform team.",
    "Short one. All good, launch went fine. Celebrated the team's work.",
    "- Workload is too high this month\n- Dropping the reporting task for now\n- Check in again in two weeks",
    "Feedback both ways:\n1. Design meeting felt rushed; will send agendas ahead.\n2. Code reviews are thorough; keep tone friendly.",
]
PRIVATE_LEAD_NOTES = [
    "Seemed tired. Keep an eye on the on-call load.",
    "Ready for more scope? Consider the API lead role.",
    "Remember to follow up on the conference budget.",
]
PRIVATE_MEMBER_NOTES = [
    "Ask about the promotion timeline without sounding impatient.",
    "Bring up the meeting load calmly, with numbers.",
    "Remember: thank them for backing me in the incident.",
]
ACTIONS = [
    ("lead", "Raise the flaky CI problem with the platform team"),
    ("lead", "Find out the conference budget"),
    ("member", "Write up the on-call rotation proposal"),
    ("member", "Draft goals for next quarter"),
    ("lead", "Introduce them to the data platform lead"),
    ("member", "Pair with the new joiner on their first ticket"),
    ("lead", "Share the promotion criteria in writing"),
]
STATUS_PAIR = ("daniel", "marcus")
LEAD_WRITES = {("jonas", "felix"), ("priya", "mei"), ("priya", "ananya")}
LATELY = 10  # past dates, counted back from the latest


def build_conversations(context: DemoContext) -> None:
    for pair in Pair.objects.select_related("lead", "member"):
        key = (pair.lead.email.split("@")[0], pair.member.email.split("@")[0])
        status_meeting = key == STATUS_PAIR
        past = list(pair.occurrences.filter(end__lt=context.now).order_by("start"))
        for index, occurrence in enumerate(past):
            lead_writes = key in LEAD_WRITES and index >= len(past) - LATELY
            _past_meeting(
                context,
                pair,
                occurrence,
                status_meeting,
                recent=index >= len(past) - 6,
                lead_writes=lead_writes,
            )
        _prepare_next(context, pair, status_meeting)
        if context.random.random() < 0.5:
            recurring_point_add(
                pair=pair, author=pair.lead, text="How are you, really?", is_private=False
            )
    _overdue_commitment(context)


def _past_meeting(
    context: DemoContext,
    pair: Pair,
    occurrence: Occurrence,
    status_meeting: bool,
    recent: bool,
    lead_writes: bool = False,
) -> None:
    if occurrence.state not in (State.HELD, State.SCHEDULED) or (
        context.random.random() < 0.25 and not lead_writes
    ):
        return
    points = (
        _lead_points(context, pair, occurrence)
        if lead_writes
        else _points(context, pair, occurrence, status_meeting)
    )
    _backdate(points, occurrence)
    if occurrence.state == State.HELD:
        # What was not discussed would have moved on to the next 1:1 and been discussed there.
        TalkingPoint.objects.filter(pk__in=[point.pk for point in points]).update(
            discussed_at=occurrence.end
        )
    if context.random.random() < 0.7:
        note_save(
            occurrence=occurrence,
            by=pair.member,
            private=False,
            body=context.random.choice(SHARED_NOTES),
            base_version=0,
        )
    if context.random.random() < 0.3:
        note_save(
            occurrence=occurrence,
            by=pair.lead,
            private=True,
            body=context.random.choice(PRIVATE_LEAD_NOTES),
            base_version=0,
        )
    if context.random.random() < 0.2:
        note_save(
            occurrence=occurrence,
            by=pair.member,
            private=True,
            body=context.random.choice(PRIVATE_MEMBER_NOTES),
            base_version=0,
        )
    # Written during the 1:1, not when the demo was loaded ("saved 5 Dec" on a November 1:1).
    Note.objects.filter(occurrence=occurrence).update(updated_at=min(occurrence.end, context.now))
    if context.random.random() < 0.45:
        _action(context, pair, occurrence, done=not recent or context.random.random() < 0.5)


def _points(
    context: DemoContext, pair: Pair, occurrence: Occurrence, status_meeting: bool
) -> list[TalkingPoint]:
    chosen: list[tuple[Person, str]] = []
    catch_up_share = 0.65 if status_meeting else 0.08
    for _ in range(context.random.randint(1, 3)):
        if context.random.random() < catch_up_share:
            chosen.append((pair.member, context.random.choice(CATCH_UP_POINTS)))
        else:
            chosen.append((pair.member, context.random.choice(MEMBER_POINTS)))
    if context.random.random() < 0.6:
        chosen.append(
            (pair.lead, context.random.choice(CATCH_UP_POINTS if status_meeting else LEAD_POINTS))
        )
    return [
        talking_point_add(occurrence=occurrence, author=author, text=text, is_private=False)
        for author, text in dict.fromkeys(chosen)
    ]


def _lead_points(context: DemoContext, pair: Pair, occurrence: Occurrence) -> list[TalkingPoint]:
    """The manager fills the agenda; now and then the report adds one point."""
    chosen = [(pair.lead, text) for text in context.random.sample(LEAD_POINTS, 3)]
    if context.random.random() < 0.25:
        chosen.append((pair.member, context.random.choice(MEMBER_POINTS)))
    return [
        talking_point_add(occurrence=occurrence, author=author, text=text, is_private=False)
        for author, text in chosen
    ]


def _prepare_next(context: DemoContext, pair: Pair, status_meeting: bool) -> None:
    upcoming = (
        pair.occurrences.filter(state=State.SCHEDULED, start__gt=context.now)
        .order_by("start")
        .first()
    )
    if upcoming is None:
        return
    texts = context.random.sample(CATCH_UP_POINTS if status_meeting else MEMBER_POINTS, 2)
    points = [
        talking_point_add(occurrence=upcoming, author=pair.member, text=text, is_private=False)
        for text in texts
    ]
    TalkingPoint.objects.filter(pk=points[0].pk).update(carried=context.random.randint(1, 2))
    talking_point_add(
        occurrence=upcoming,
        author=pair.member,
        text="Prep: be specific about the meeting load",
        is_private=True,
    )


def _action(context: DemoContext, pair: Pair, occurrence: Occurrence, *, done: bool) -> None:
    side, text = context.random.choice(ACTIONS)
    owner = pair.lead if side == "lead" else pair.member
    item = action_add(
        occurrence=occurrence,
        by=owner,
        owner=owner,
        text=text,
        due_on=(occurrence.start + timedelta(days=14)).date(),
    )
    done_at = (
        occurrence.start + timedelta(days=context.random.choice([3, 7, 12, 20])) if done else None
    )
    if done_at and done_at > context.now:
        done_at = None  # not done yet: nothing is ever done in the future
    ActionItem.objects.filter(pk=item.pk).update(created_at=occurrence.start, done_at=done_at)


def _overdue_commitment(context: DemoContext) -> None:
    """Priya promised Kenji a conference talk slot two months ago and has not delivered."""
    pair = Pair.objects.filter(
        lead=context.people["priya"], member=context.people["kenji"]
    ).first()
    occurrence = (
        pair.occurrences.filter(state=State.HELD).order_by("start").last() if pair else None
    )
    if pair is None or occurrence is None:
        return
    item = action_add(
        occurrence=occurrence,
        by=pair.member,
        owner=pair.lead,
        text="Get Kenji a speaking slot at the internal tech conference",
        due_on=(occurrence.start + timedelta(days=21)).date(),
    )
    ActionItem.objects.filter(pk=item.pk).update(created_at=occurrence.start)


def _backdate(points: list[TalkingPoint], occurrence: Occurrence) -> None:
    when = min(occurrence.start - timedelta(days=1), timezone.now())
    TalkingPoint.objects.filter(pk__in=[point.pk for point in points]).update(created_at=when)
