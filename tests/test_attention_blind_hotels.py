"""Blind holdout: the attention list of a hotel group, built through the services only.

Alpenrose Hotels runs five houses: front office in Berlin, housekeeping in Edinburgh,
the kitchen in Lisbon, engineering in Paris and the night desk in Kraków. Each head of
department has seven to ten reports and about nine months of 1:1s behind them. Nineteen
reports carry one planted situation each (the fifteen the attention list must name, plus
the second shape of two of them and a second report for a manager's habit), eight are
decoys that look a little like a situation without being one, and sixteen are plain
healthy controls. Each manager's list is computed as the team page computes it.

Everything is written through the apps' services. Only timestamps the services stamp
with the wall clock (a point's or a check-in's `created_at`, `discussed_at`, `done_at`,
a plan's `updated_at`, a person's `date_joined`) are moved back afterwards with
`.filter(pk=...).update(...)`, to the moment they would have had.

Written by a helper, not by the rules' author, and never shown to the guard's corpus writers; in
four languages; it is a holdout: fix the product, never this file (bar its types).
"""

import random
import re
import time as clock
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.utils import timezone

from showup.actions.models import ActionItem
from showup.actions.services import action_add, action_set_done
from showup.agendas.models import TalkingPoint
from showup.agendas.services import talking_point_add, talking_point_set_discussed
from showup.careers.models import CareerPlan, Milestone
from showup.careers.services import (
    career_conversation_mark,
    milestone_add,
    milestone_set_status,
    plan_update,
)
from showup.feedback.models import Blocker, Feedback
from showup.feedback.services import blocker_log, blocker_resolve, feedback_give
from showup.insights import selectors as insight_selectors
from showup.insights.models import CheckIn, MeetingRating, PairWeek
from showup.insights.services import check_in_record, rating_record
from showup.insights.team import team_view
from showup.meetings.models import Occurrence, Pair, Series
from showup.meetings.recurrence import cadence_rule
from showup.meetings.schedule import Schedule
from showup.meetings.services import (
    occurrence_cancel,
    occurrence_hold,
    occurrence_reschedule,
    occurrence_skip,
    occurrences_mark_missed,
    pair_between,
    series_create,
    series_keep_all_windows,
)
from showup.people.models import Person
from showup.people.services import person_create
from showup.performance.models import Observation
from showup.performance.services import (
    observation_raise,
    observation_record,
    review_create,
    review_point_add,
    review_update,
)

pytestmark = pytest.mark.django_db

DOMAIN = "alpenrose-hotels.example"

# --- What people write ------------------------------------------------------------------

REPORT_POINTS = [
    "rota for xmas?? I did the 24th last year",
    "back still sore after the linen trolley thing, can we talk lifting kit",
    "Dienstplan nächste Woche – kann ich Mittwoch tauschen?",
    "would love to shadow the revenue manager for a day 🙏",
    "feeling stretched with two new starters on my shift",
    "Idee: Begrüßungskarte auf Deutsch UND Englisch",
    "how did I do on the wedding weekend? honest pls",
    "WSET level 2 course – would the hotel pay for it?",
    "friction with banqueting about the service lift, need your help",
    "mental load is high this month tbh",
    "sous chef in 2 yrs, realistic or dreaming?",
    "guest complaint rm 207 – what would you have done differently",
    "my german class clashes w/ the late shift",
    "could I lead the next team huddle?",
    "überstunden abbauen – wann passt es?",
    "je voudrais parler de ma formation habilitation électrique",
    "kitchen porters feel left out of the tips pool 😕",
    "want to learn the reporting side of the PMS",
    "tired of always being on sundays",
    "could I mentor the new receptionist?",
    "what comes after the supervisor course for me",
    "Urlaub im Mai planen, Kinder haben Ferien",
    "need a half day off for my kid's school play",
    "bored of doing the same night audit, want smth new",
    "quero falar sobre a minha avaliação de meio do ano",
    "the new uniform trousers are awful in the heat lol",
    "I think I handled the fire alarm at 3am badly, talk?",
    "how do I say no to the owners' son without getting fired 😅",
    "eu gostava de fazer o curso de pastelaria",
    "confidence w/ difficult guests – any tips?",
    "team morale after the refurb noise weeks",
    "moving flat in june, might need 2 days",
    "can we do the 1:1 walking around the garden sometimes?",
    "Feedback an dich: die Übergaben laufen viel besser seit März",
    "j'ai besoin d'un retour sur mon travail avec les sous-traitants",
    "wie gehts weiter mit meiner Ausbildung zur Hotelfachfrau",
]
LEAD_POINTS = [
    "how are you finding the new shift pattern?",
    "shout-out from the guest survey 🎉",
    "anything I can take off your plate this week?",
    "let's plan your training for spring",
    "thoughts on the team outing in september?",
    "your ideas for the welcome desk redesign",
]
# A manager writing the agenda: not catch-up, just not the report's own words.
LEAD_AGENDA_POINTS = [
    "your goals for the summer season",
    "how is the new brigade settling in?",
    "I want to talk about the HACCP refresher",
    "your thoughts on the tasting menu for the owners",
    "training plan for the two new commis",
    "feedback from the owners on sunday brunch",
    "holiday cover in august – who steps up?",
    "how are you doing with the long doubles?",
    "what would make the pass run smoother?",
    "let's talk about your development this year",
]
STATUS_POINTS = [
    "status of the room 214 refurb",
    "progress on the minibar restock",
    "update on the linen inventory count",
    "occupancy numbers from last weekend",
    "where are we w/ the Booking.com overbooking ticket #4471",
    "status of the lift repair (Schindler ticket 88-12)",
    "night audit backlog – update",
    "progress on the fire inspection checklist",
    "Stand der Bestellung Bettwäsche",
    "status update: PMS migration to v7",
    "deliveries this week – status",
    "room turnaround times, where are we",
    "progress on the housekeeping KPIs for Q3",
    "update on the 3rd floor carpet job",
    "where are we on the wedding block booking",
    "food cost % update for last month",
    "status da encomenda de guardanapos",
    "progress of the walk-in fridge repair",
]
PRAISE = [
    "the way you handled the flooded bathroom on 3 was calm and quick 👏",
    "guests mentioned you by name in two reviews this month",
    "great job covering the double shift on saturday",
    "Danke für die ruhige Übergabe trotz Chaos",
    "merci pour le dépannage de la chaudière un dimanche",
    "obrigado pelo serviço impecável no casamento",
]
SUGGESTIONS = [
    "handover notes could be a bit more detailed at 6am",
    "try to loop in banqueting earlier when rooms change",
    "please log the minibar counts the same evening",
]
UPWARD = [
    "would love more notice when the rota changes",
    "thanks for backing me with the angry guest in 112",
    "the new checklist is too long, can we cut it?",
    "it helped a lot that you came down during the fire alarm",
    "sometimes I don't know who decides on overtime",
]


# --- The plan of one 1:1 ----------------------------------------------------------------


@dataclass
class Beat:
    """What happens at one date of a series."""

    outcome: str = "held"  # held | cancel-lead | cancel-member | skip-lead | skip-member | none
    notice: timedelta = timedelta(days=2)
    note: str = ""
    move_by: str | None = None  # "lead" or "member"
    member_points: list[str] = field(default_factory=list)
    lead_points: list[str] = field(default_factory=list)
    check_in: int | None = 4
    rating: int | None = 4
    feedback_down: str | None = None
    feedback_up: str | None = None
    career: bool = False
    lead_actions: list[tuple[str, int | None, int | None]] = field(default_factory=list)
    member_actions: list[tuple[str, int | None, int | None]] = field(default_factory=list)
    blocker: str | None = None
    blocker_resolved_after: int | None = None


@dataclass
class Ctx:
    rng: random.Random
    n: int
    feedback: str = "both"  # both | down-only | lots-down
    career_at: tuple[int, ...] = (2, 14, 26)  # counted back from the latest 1:1


def healthy(ctx: Ctx, i: int, k: int) -> Beat:
    """A good week: the report brings their points, answers the pulse, feedback flows."""
    rng = ctx.rng
    beat = Beat(
        member_points=rng.sample(REPORT_POINTS, rng.choice([1, 2, 2, 2, 3])),
        lead_points=[rng.choice(LEAD_POINTS)] if rng.random() < 0.3 else [],
        check_in=rng.choice([4, 4, 4, 5, 3, 4]),
        rating=4,
        career=k in ctx.career_at,
    )
    down_every = 3 if ctx.feedback == "lots-down" else 4
    if i % down_every == 2:
        beat.feedback_down = rng.choice(PRAISE + SUGGESTIONS)
    if ctx.feedback == "both" and i % 6 == 3:
        beat.feedback_up = rng.choice(UPWARD)
    if ctx.feedback == "lots-down" and k in (5, 17):
        beat.feedback_up = rng.choice(UPWARD)
    if i % 5 == 1:
        beat.lead_actions = [("check the overtime sheet with HR", 7, 4)]
    if i % 3 == 0:
        beat.member_actions = [("send me the three guest stories", 10, 6)]
    return beat


Script = Callable[[Ctx, int, int], Beat]


# --- The organisation -------------------------------------------------------------------


@dataclass
class Built:
    managers: list[Person]
    planted: dict[str, list[Person]]  # situation -> reports it is about
    fold: dict[str, tuple[Person, list[Person]]]  # situation -> (manager, reports folded)
    decoys: dict[str, Person]
    controls: list[Person]
    now: datetime
    timings: dict[str, float]


def ascii_email(name: str) -> str:
    spelled = name.lower().replace("ß", "ss").replace("ł", "l").replace("ı", "i")
    plain = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    return f"{re.sub(r'[^a-z.]', '', plain.replace(' ', '.'))}@{DOMAIN}"


class Hotel:
    def __init__(self, now: datetime) -> None:
        self.now = now
        self.today = now.date()

    # People ------------------------------------------------------------------------

    def person(
        self, name: str, title: str, tz: str, manager: Person | None, joined_days: int
    ) -> Person:
        person = person_create(
            email=ascii_email(name), name=name, title=title, timezone_name=tz, manager=manager
        )
        joined = self.now - timedelta(days=joined_days, hours=3)
        Person.objects.filter(pk=person.pk).update(date_joined=joined)
        person.date_joined = joined
        return person

    # Series and their history --------------------------------------------------------

    def series(
        self, lead: Person, member: Person, *, first_day: date, cadence: str, at: time
    ) -> Series:
        pair, immediate = pair_between(proposer=lead, other=member)
        assert immediate, "a manager sets up a 1:1 with their own report at once"
        schedule = Schedule(
            rule=cadence_rule(cadence, first_day),
            first_day=first_day,
            at=at,
            timezone=lead.timezone,
        )
        set_up = schedule.first_start() - timedelta(days=4)
        series = series_create(pair=pair, schedule=schedule, by=lead, immediate=True, now=set_up)
        Pair.objects.filter(pk=pair.pk).update(created_at=set_up)
        Series.objects.filter(pk=series.pk).update(created_at=set_up, changed_at=set_up)
        return series

    def run(self, series: Series, script: Script, ctx_kwargs: dict[str, Any], seed: str) -> None:
        pair = series.pair
        lead, member = pair.lead, pair.member
        past = list(
            Occurrence.objects.filter(series=series, end__lte=self.now - timedelta(hours=1))
            .order_by("original_start")
            .values_list("pk", flat=True)
        )
        ctx = Ctx(rng=random.Random(seed), n=len(past), **ctx_kwargs)
        for i, pk in enumerate(past):
            k = len(past) - 1 - i
            beat = script(ctx, i, k)
            occurrence = Occurrence.objects.get(pk=pk)
            self.play(occurrence, beat, lead=lead, member=member, rng=ctx.rng)

    def play(
        self, occ: Occurrence, beat: Beat, *, lead: Person, member: Person, rng: random.Random
    ) -> None:
        who = {"lead": lead, "member": member}
        if beat.outcome == "none":
            return
        if beat.outcome in ("cancel-lead", "cancel-member"):
            occurrence_cancel(
                occurrence=occ,
                by=who[beat.outcome.split("-")[1]],
                reason=beat.note,
                now=occ.start - beat.notice,
            )
            return
        if beat.outcome in ("skip-lead", "skip-member"):
            occurrence_skip(
                occurrence=occ,
                by=who[beat.outcome.split("-")[1]],
                note=beat.note,
                now=occ.start - timedelta(hours=3),
            )
            return
        assert beat.outcome == "held"
        if beat.move_by:
            later = occ.start + timedelta(days=1)
            new_start = (
                later if later + timedelta(hours=2) < self.now else occ.start - timedelta(days=1)
            )
            occ = occurrence_reschedule(
                occurrence=occ,
                by=who[beat.move_by],
                new_start=new_start,
                reason=rng.choice(["VIP arrival", "Inventur", "owners visiting", "", "sorry!!"]),
                now=min(new_start, occ.start) - timedelta(days=2),
            )
        start = occ.start
        if beat.check_in is not None:
            check = check_in_record(occurrence=occ, by=member, score=beat.check_in)
            CheckIn.objects.filter(pk=check.pk).update(created_at=start - timedelta(hours=2))
        for author, texts in ((member, beat.member_points), (lead, beat.lead_points)):
            for text in texts:
                point = talking_point_add(
                    occurrence=occ, author=author, text=text, is_private=False
                )
                talking_point_set_discussed(point=point, by=lead, occurrence=occ, discussed=True)
                TalkingPoint.objects.filter(pk=point.pk).update(
                    created_at=start - timedelta(days=1, minutes=rng.randint(0, 600)),
                    discussed_at=start + timedelta(minutes=rng.randint(5, 28)),
                )
        occ = occurrence_hold(occurrence=occ, by=lead, now=start + timedelta(minutes=35))
        if beat.rating is not None:
            rated = rating_record(occurrence=occ, by=member, score=beat.rating)
            MeetingRating.objects.filter(pk=rated.pk).update(created_at=start + timedelta(hours=3))
        for giver, said in ((lead, beat.feedback_down), (member, beat.feedback_up)):
            if said:
                kind = "suggestion" if said in SUGGESTIONS else "praise"
                given = feedback_give(
                    pair=occ.pair, giver=giver, kind=kind, text=said, occurrence=occ
                )
                Feedback.objects.filter(pk=given.pk).update(created_at=start + timedelta(hours=1))
        if beat.career:
            career_conversation_mark(occurrence=occ, by=lead, held=True)
        for owner, items in ((lead, beat.lead_actions), (member, beat.member_actions)):
            for text, due_days, done_days in items:
                self.action(occ, owner=owner, by=lead, text=text, due=due_days, done=done_days)
        if beat.blocker:
            blocker = blocker_log(
                pair=occ.pair, by=member, kind="outside", text=beat.blocker, occurrence=occ
            )
            Blocker.objects.filter(pk=blocker.pk).update(created_at=start + timedelta(minutes=40))
            if beat.blocker_resolved_after is not None:
                blocker_resolve(blocker=blocker, by=lead, outcome="sorted with the supplier")
                Blocker.objects.filter(pk=blocker.pk).update(
                    closed_at=start + timedelta(days=beat.blocker_resolved_after)
                )

    def action(
        self,
        occ: Occurrence,
        *,
        owner: Person,
        by: Person,
        text: str,
        due: int | None,
        done: int | None,
    ) -> ActionItem:
        """`due` and `done` in days after the 1:1; done only if that day has come."""
        start = occ.start
        item = action_add(
            occurrence=occ,
            by=by,
            owner=owner,
            text=text,
            due_on=(start + timedelta(days=due)).date() if due is not None else None,
        )
        ActionItem.objects.filter(pk=item.pk).update(created_at=start + timedelta(minutes=30))
        if done is not None and start + timedelta(days=done) < self.now:
            action_set_done(item=item, by=owner, done=True)
            ActionItem.objects.filter(pk=item.pk).update(done_at=start + timedelta(days=done))
        return item

    def action_due_on(
        self, occ: Occurrence, *, owner: Person, text: str, due_on: date | None
    ) -> ActionItem:
        item = action_add(occurrence=occ, by=owner, owner=owner, text=text, due_on=due_on)
        ActionItem.objects.filter(pk=item.pk).update(created_at=occ.start + timedelta(minutes=30))
        return item

    # Career plans ------------------------------------------------------------------

    def plan(
        self,
        pair: Pair,
        *,
        touched_days: int,
        milestones: list[tuple[str, int, str]],
        target: str,
    ) -> CareerPlan:
        """A plan last worked on `touched_days` ago; milestones as (title, due in days, status)."""
        lead = pair.lead
        plan = plan_update(
            pair=pair,
            by=pair.member,
            aspiration="individual",
            target_role=target,
            horizon="in 18 months",
            notes="what I want: more responsibility, less night shifts 🙂",
        )
        for title, due_days, status in milestones:
            milestone = milestone_add(
                pair=pair, by=lead, title=title, due_on=self.today + timedelta(days=due_days)
            )
            if status != "planned":
                milestone_set_status(milestone=milestone, by=lead, status=status)
            created = self.now - timedelta(days=touched_days + 30)
            Milestone.objects.filter(pk=milestone.pk).update(
                created_at=created,
                done_at=created + timedelta(days=20) if status == "done" else None,
            )
        touched = self.now - timedelta(days=touched_days, hours=2)
        CareerPlan.objects.filter(pk=plan.pk).update(updated_at=touched)
        return plan

    def rng_days(self, pair: Pair) -> int:
        """When a healthy plan was last worked on: two to six weeks ago."""
        return 14 + (pair.pk * 7) % 30

    def healthy_plan(self, pair: Pair, touched_days: int = 24) -> None:
        self.plan(
            pair,
            touched_days=touched_days,
            target="Shift supervisor",
            milestones=[
                ("Finish the supervisor course (IHK)", 75, "in-progress"),
                ("Run the monday briefing for a month", -70, "done"),
            ],
        )


# --- Who is who -------------------------------------------------------------------------

MANAGERS = [
    ("Greta Vollmer", "Front Office Manager, Berlin", "Europe/Berlin"),
    ("Ailsa Drummond", "Head of Housekeeping, Edinburgh", "Europe/London"),
    ("Joaquim Sardinha", "Executive Chef, Lisboa", "Europe/Lisbon"),
    ("Nadia Kaci", "Chief Engineer, Paris", "Europe/Paris"),
    ("Piotr Wasik", "Night Manager, Kraków", "Europe/Warsaw"),
]

# (name, title, manager index, role). A role is a situation ("S1".."S15", "S12b", "S13b",
# "S14b"), a decoy ("D1".."D7") or "C" for a healthy control.
REPORTS = [
    ("Jonas Eberhardt", "Receptionist", 0, "S1"),
    ("Leyla Aydin", "Guest Relations", 0, "S5"),
    ("Till Brückner", "Night Receptionist", 0, "S10"),
    ("Svenja Kolb", "Junior Receptionist", 0, "S14"),
    ("Aurelio Bianchi", "Concierge", 0, "D1"),
    ("Mariam Haddad", "Reservations Agent", 0, "D5"),
    ("Kemal Öztürk", "Bell Captain", 0, "C"),
    ("Frieda Lang", "Receptionist", 0, "C"),
    ("Benedikt Roth", "Front Office Supervisor", 0, "C"),
    ("Morag Fraser", "Room Attendant", 1, "S2"),
    ("Callum Reid", "Laundry Lead", 1, "S6"),
    ("Eilidh Munro", "Floor Supervisor", 1, "S11"),
    ("Dorota Nowak", "Room Attendant", 1, "D2a"),
    ("Iain Baird", "Public Areas Cleaner", 1, "D2b"),
    ("Priya Natarajan", "Room Attendant", 1, "D6"),
    ("Kirsty Hamilton", "Floor Supervisor", 1, "C"),
    ("Tomasz Lis", "Houseman", 1, "C"),
    ("Fiona Gallacher", "Linen Porter", 1, "C"),
    ("Rui Tavares", "Sous Chef", 2, "S3"),
    ("Inês Moura", "Chef de Partie", 2, "S7"),
    ("Bruno Esteves", "Pastry Chef", 2, "S13"),
    ("Catarina Lobo", "Commis Chef", 2, "S12b"),
    ("Diogo Fonseca", "Kitchen Porter", 2, "S12b"),
    ("Yara Mendes", "Chef de Partie", 2, "D3"),
    ("Tiago Amaral", "Grill Cook", 2, "C"),
    ("Sofia Quintela", "Breakfast Cook", 2, "C"),
    ("Helder Pinto", "Steward", 2, "C"),
    ("Camille Roux", "Maintenance Technician", 3, "S4"),
    ("Yannick Morel", "Electrician", 3, "S8"),
    ("Sabine Perrin", "Plumber", 3, "S12"),
    ("Karim Belkacem", "HVAC Technician", 3, "S15"),
    ("Élodie Marchand", "Energy Coordinator", 3, "D4"),
    ("Hugo Lefèvre", "Handyman", 3, "D7"),
    ("Manon Girard", "Painter", 3, "C"),
    ("Lucas Fabre", "Pool Technician", 3, "C"),
    ("Noémie Blanc", "Carpenter", 3, "C"),
    ("Agnieszka Dudek", "Night Auditor", 4, "S9"),
    ("Marek Sowa", "Security Officer", 4, "S13b"),
    ("Zofia Grabowska", "Night Porter", 4, "S14b"),
    ("Kacper Mazur", "Night Auditor", 4, "C"),
    ("Olena Kovalenko", "Night Receptionist", 4, "C"),
    ("Wiktor Bak", "Security Officer", 4, "C"),
    ("Hanna Jaworska", "Night Porter", 4, "C"),
]

NEW_JOINERS = {"S14": 50, "S14b": 63, "D5": 60, "D6": 30}


# --- The scripts of the planted situations and the decoys ----------------------------------


def gap(ctx: Ctx, i: int, k: int) -> Beat:
    """Weekly, and nothing held for the last six weeks: one called off, then nobody records anything."""
    if k == 5:
        return Beat(outcome="cancel-member", note="Dienstplan chaos, sorry")
    if k < 5:
        return Beat(outcome="none")
    return healthy(ctx, i, k)


def serial_cancel(ctx: Ctx, i: int, k: int) -> Beat:
    """Five of the last ten cancelled by the manager, every other week."""
    if k in (1, 3, 5, 7, 9):
        return Beat(
            outcome="cancel-lead",
            note=["budget mtg w/ owners", "", "VIP check-in", "sorry – inspection", ""][k // 2],
            notice=timedelta(hours=4) if k % 4 == 1 else timedelta(days=1, hours=6),
        )
    return healthy(ctx, i, k)


def status_agenda(ctx: Ctx, i: int, k: int) -> Beat:
    """The last twelve 1:1s: almost every point is a status round."""
    beat = healthy(ctx, i, k)
    if k < 12:
        beat.member_points = ctx.rng.sample(STATUS_POINTS, 2)
        if k % 4 == 0:
            beat.member_points.append(ctx.rng.choice(REPORT_POINTS))
        beat.lead_points = [ctx.rng.choice(STATUS_POINTS)] if k % 3 == 0 else []
    return beat


def manager_agenda(ctx: Ctx, i: int, k: int) -> Beat:
    """The last eight 1:1s: the manager writes three points each, the report one in all."""
    beat = healthy(ctx, i, k)
    if k < 8:
        beat.member_points = [ctx.rng.choice(REPORT_POINTS)] if k == 5 else []
        beat.lead_points = ctx.rng.sample(LEAD_AGENDA_POINTS, 3)
    return beat


def rating_fell(ctx: Ctx, i: int, k: int) -> Beat:
    beat = healthy(ctx, i, k)
    if k < 4:
        beat.rating = [2, 1, 2, 1][k]
        beat.check_in = [2, 2, 1, 2][k]
    else:
        beat.rating = ctx.rng.choice([4, 5, 4])
        beat.check_in = ctx.rng.choice([4, 5])
    return beat


def gone_quiet(ctx: Ctx, i: int, k: int) -> Beat:
    """Brought two points a week for months; the last six held: nothing, no pulse answered."""
    beat = healthy(ctx, i, k)
    if k < 6:
        beat.member_points = []
        beat.lead_points = [ctx.rng.choice(LEAD_POINTS)] if k in (1, 4) else []
        beat.check_in = None
        beat.rating = None
        beat.feedback_up = None
        beat.member_actions = []
    else:
        beat.member_points = ctx.rng.sample(REPORT_POINTS, 2)
    return beat


def chronic_moves(ctx: Ctx, i: int, k: int) -> Beat:
    """Six of the last eight moved by the manager to another day; all held."""
    beat = healthy(ctx, i, k)
    if k < 8 and k not in (2, 6):
        beat.move_by = "lead"
    return beat


def two_moves(ctx: Ctx, i: int, k: int) -> Beat:
    beat = healthy(ctx, i, k)
    if k in (1, 5):
        beat.move_by = "lead"
    return beat


def report_moves(ctx: Ctx, i: int, k: int) -> Beat:
    beat = healthy(ctx, i, k)
    if k < 8 and k not in (2, 5):
        beat.move_by = "member"
    return beat


def few_but_steady(ctx: Ctx, i: int, k: int) -> Beat:
    """One own point every second 1:1, for nine months; the manager adds one every third."""
    beat = healthy(ctx, i, k)
    beat.member_points = [ctx.rng.choice(REPORT_POINTS)] if i % 2 == 0 else []
    beat.lead_points = [ctx.rng.choice(LEAD_POINTS)] if i % 3 == 0 else []
    return beat


def blocker_ignored(ctx: Ctx, i: int, k: int) -> Beat:
    beat = healthy(ctx, i, k)
    if k == 20:
        beat.blocker = "dryer 3 eats the pillowcases again"
        beat.blocker_resolved_after = 6
    if k == 4:
        beat.blocker = (
            "ironer roller still broken, 2h extra by hand every shift – supplier never came"
        )
    return beat


def no_lead_actions(script: Script) -> Script:
    def wrapped(ctx: Ctx, i: int, k: int) -> Beat:
        beat = script(ctx, i, k)
        beat.lead_actions = []
        return beat

    return wrapped


def career_stale(ctx: Ctx, i: int, k: int) -> Beat:
    return healthy(ctx, i, k)


SCRIPTS: dict[str, tuple[Script, dict[str, Any]]] = {
    "S1": (gap, {}),
    "S2": (serial_cancel, {}),
    "S3": (status_agenda, {}),
    "S4": (healthy, {}),
    "S5": (no_lead_actions(healthy), {}),
    "S6": (blocker_ignored, {}),
    "S7": (manager_agenda, {}),
    "S8": (rating_fell, {}),
    "S10": (gone_quiet, {}),
    "S11": (chronic_moves, {}),
    "S12": (healthy, {"feedback": "down-only"}),
    "S12b": (healthy, {"feedback": "down-only"}),
    "S13": (career_stale, {"career_at": (30,)}),
    "S13b": (healthy, {"career_at": ()}),
    "S14": (healthy, {"career_at": ()}),
    "S14b": (healthy, {"career_at": ()}),
    "S15": (no_lead_actions(healthy), {}),
    "D1": (few_but_steady, {}),
    "D2a": (two_moves, {}),
    "D2b": (report_moves, {}),
    "D3": (healthy, {"feedback": "lots-down"}),
    "D4": (healthy, {"career_at": (9, 21)}),
    "D5": (healthy, {"career_at": ()}),
    "D6": (healthy, {"career_at": ()}),
    "D7": (no_lead_actions(healthy), {}),
    "C": (healthy, {}),
}


def new_joiner_few_held(ctx: Ctx, i: int, k: int) -> Beat:
    """Weekly, but only two of the first seven 1:1s held: skipped for stocktake, then sick."""
    if i in (1, 2, 4, 5):
        return Beat(outcome="skip-lead", note="Inventur" if i < 4 else "")
    if i == 6:
        return Beat(outcome="cancel-member", note="krank 🤒")
    return healthy(ctx, i, k)


SCRIPTS["S14b"] = (new_joiner_few_held, {"career_at": ()})


def build(now: datetime) -> Built:
    hotel = Hotel(now)
    timings: dict[str, float] = {}
    started = clock.perf_counter()
    managers = [
        hotel.person(name, title, tz, None, joined_days=2000 + 100 * n)
        for n, (name, title, tz) in enumerate(MANAGERS)
    ]
    planted: dict[str, list[Person]] = {}
    decoys: dict[str, Person] = {}
    controls: list[Person] = []
    pairs: dict[str, list[Pair]] = {}
    for n, (name, title, m, role) in enumerate(REPORTS):
        lead = managers[m]
        joined = NEW_JOINERS.get(role, 420 + 97 * n)
        report = hotel.person(name, title, lead.timezone, lead, joined_days=joined)
        if role == "C":
            controls.append(report)
        elif role.startswith("D"):
            decoys[role] = report
        else:
            planted.setdefault(role, []).append(report)
        if role == "S9":
            continue  # on the org chart, never a series
        if role in NEW_JOINERS:
            first_day = hotel.today - timedelta(days=joined - (5 if role == "S14b" else 3))
        else:
            first_day = hotel.today - timedelta(days=273 - n % 5)
        cadence = "biweekly" if role == "S14" else "weekly"
        at = time(9 + n % 6, 30 if n % 2 else 0)
        series = hotel.series(lead, report, first_day=first_day, cadence=cadence, at=at)
        script, ctx_kwargs = SCRIPTS[role]
        hotel.run(series, script, ctx_kwargs, seed=name)
        pairs.setdefault(role, []).append(series.pair)
    timings["history"] = clock.perf_counter() - started

    # Career plans: recent for nearly everyone over a year in.
    for role, role_pairs in pairs.items():
        for pair in role_pairs:
            if role in ("S13", "S13b", "S14", "S14b", "D5", "D6"):
                continue
            if role == "D4":  # worked on two months ago, nothing due yet
                hotel.plan(
                    pair,
                    touched_days=61,
                    target="Energy manager",
                    milestones=[("ISO 50001 auditor training", 80, "planned")],
                )
            else:
                hotel.healthy_plan(pair, touched_days=hotel.rng_days(pair))
    # S13: a plan nobody touched for eight months, milestones past due, last career talk 7 months ago.
    hotel.plan(
        pairs["S13"][0],
        touched_days=240,
        target="Head pastry chef",
        milestones=[
            ("Chocolate showpiece course in Porto", -95, "planned"),
            ("Run the pastry section alone for a month", -38, "in-progress"),
        ],
    )

    lead_of = {role: role_pairs[0].lead for role, role_pairs in pairs.items()}
    # S4: a concern written down, never raised, in a draft review.
    s4 = pairs["S4"][0]
    held = list(Occurrence.objects.filter(pair=s4, state="held").order_by("start"))
    strength = observation_record(
        pair=s4,
        by=lead_of["S4"],
        kind="strength",
        text="Fixed the boiler on a sunday without being asked",
        now=now - timedelta(days=80),
    )
    observation_raise(
        observation=strength, by=lead_of["S4"], occurrence=held[-10], now=held[-10].end
    )
    concern = observation_record(
        pair=s4,
        by=lead_of["S4"],
        kind="concern",
        text="Leaves work orders open in the system for days after finishing them",
        evidence="12 orders closed late in march, front desk chased 3 times",
        now=now - timedelta(days=40),
    )
    review = review_create(
        pair=s4,
        by=lead_of["S4"],
        period_start=hotel.today - timedelta(days=182),
        period_end=hotel.today,
    )
    review_update(review=review, by=lead_of["S4"], summary="Mid-year review (draft)", rating=3)
    review_point_add(
        review=review,
        by=lead_of["S4"],
        text="Steps in when it matters",
        is_concern=False,
        observations=[strength],
    )
    review_point_add(
        review=review,
        by=lead_of["S4"],
        text="Work orders are closed late",
        is_concern=True,
        observations=[concern],
    )
    assert Observation.objects.filter(pair=s4, kind="concern", raised_at__isnull=True).count() == 1

    # S5: three of the manager's commitments past their due date.
    s5 = pairs["S5"][0]
    s5_held = list(Occurrence.objects.filter(pair=s5, state="held").order_by("-start"))
    for text, days_late in (
        ("ask HR about the night allowance", 24),
        ("get Leyla a proper headset", 17),
        ("Schulung Beschwerdemanagement buchen", 10),
    ):
        hotel.action_due_on(
            s5_held[6],
            owner=lead_of["S5"],
            text=text,
            due_on=hotel.today - timedelta(days=days_late),
        )

    # S15: four of the manager's own items carried over four to six 1:1s, none due yet.
    s15 = pairs["S15"][0]
    s15_held = list(Occurrence.objects.filter(pair=s15, state="held").order_by("-start"))
    for back, text, due in (
        (6, "order the spare compressor for the cold room", None),
        (6, "ask the owners about the van", None),
        (4, "book Karim on the F-gas refresher", hotel.today + timedelta(days=12)),
        (4, "look at the on-call allowance", hotel.today + timedelta(days=26)),
    ):
        hotel.action_due_on(s15_held[back], owner=lead_of["S15"], text=text, due_on=due)

    # D7: four open items of the manager, all from the latest 1:1, none due yet.
    d7 = pairs["D7"][0]
    d7_last = Occurrence.objects.filter(pair=d7, state="held").order_by("-start").first()
    assert d7_last is not None
    for n, text in enumerate(
        ["new ladder for the ballroom", "quote for the roof drains", "Hugo's overtime", "keys"]
    ):
        hotel.action_due_on(
            d7_last, owner=lead_of["D7"], text=text, due_on=hotel.today + timedelta(days=7 + n)
        )

    # The worker's jobs, as they would have run: past 1:1s nobody recorded become missed.
    occurrences_mark_missed(now=now)
    series_keep_all_windows(now=now)
    timings["total build"] = clock.perf_counter() - started
    fold = {"S12b": (managers[2], planted["S12b"])}
    return Built(managers, planted, fold, decoys, controls, now, timings)


# --- Reading the list -------------------------------------------------------------------

# What each situation's entry says, in the spec's own words (matched on kind + title).
SITUATION_WORDS = {
    "S1": r"no 1:1 for|gap|days without|since the last",
    "S2": r"cancel",
    "S3": r"status|catch.?up",
    "S4": r"surprise",
    "S5": r"overdue",
    "S6": r"blocker",
    "S7": r"agenda|writ",
    "S8": r"fell|fall|drop",
    "S9": r"no 1:1 series|no series",
    "S10": r"quiet|silent|stopped|own points",
    "S11": r"resched|moved|moving|moves",
    "S12": r"feedback",
    "S13": r"career",
    "S14": r"joiner|rhythm|new",
    "S15": r"commitment|carried|pil",
}
SITUATION_NAMES = {
    "S1": "gap",
    "S2": "serial cancelling by the manager",
    "S3": "status-meeting agendas",
    "S4": "surprise in a draft review",
    "S5": "overdue commitments",
    "S6": "ignored blocker",
    "S7": "manager-written agenda",
    "S8": "rating / check-in fell",
    "S9": "no series",
    "S10": "report gone quiet",
    "S11": "chronic rescheduling",
    "S12": "feedback one way",
    "S13": "career talk overdue (stale plan)",
    "S14": "new joiner without a rhythm (fortnightly)",
    "S15": "commitments piling up",
    "S12b": "feedback one way, two reports of one manager (folded)",
    "S13b": "career talk overdue (over a year in, no plan)",
    "S14b": "new joiner without a rhythm (<3 held in first six weeks)",
}


def named_ids(entry: Any) -> set[int]:
    ids = set()
    for one in getattr(entry, "named", None) or ():
        ids.add(one.pk if hasattr(one, "pk") else one)
    return ids


def about(entry: Any, person: Person) -> bool:
    return (
        getattr(entry.person, "pk", None) == person.pk
        or person.pk in named_ids(entry)
        or person.name in {n for n in (getattr(entry, "named", None) or ()) if isinstance(n, str)}
    )


def words(entry: Any) -> str:
    return f"{entry.kind} {entry.title}".lower()


def describe(entry: Any) -> str:
    named = ", ".join(getattr(n, "name", str(n)) for n in (entry.named or ()))
    person = getattr(entry.person, "name", None)
    return f"[{entry.kind}] {entry.title!r} person={person}" + (
        f" named=({named})" if named else ""
    )


def show_shared_points(report: Person, *, since: datetime) -> None:
    """The evidence for a false flag: the pair's shared points of the last twelve weeks."""
    print(f"--- {report.name}: shared points since {since:%d %b}, with the guard's verdict")
    points = TalkingPoint.objects.filter(
        pair__member=report, is_private=False, occurrence__start__gte=since
    ).select_related("occurrence")
    for point in points.order_by("occurrence__start", "position"):
        who = "report " if point.author_id == report.pk else "manager"
        verdict = point.off_topic_kind or "-"
        assert point.occurrence is not None
        print(f"    {point.occurrence.start:%d %b} {who} {verdict:13} {point.text}")
    weeks = PairWeek.objects.filter(pair__member=report, week__gte=since.date())
    totals = {
        name: sum(getattr(week, name) for week in weeks)
        for name in ("held", "points", "points_by_member", "points_off_topic")
    }
    print(f"    rollups over the same weeks: {totals}")


@pytest.fixture
def hotel_group() -> Built:
    return build(timezone.now())


def test_the_attention_list_of_a_hotel_group(hotel_group: Built) -> None:
    built = hotel_group
    started = clock.perf_counter()
    now = timezone.now()
    since = insight_selectors.period_start(insight_selectors.period_key(None), now)
    entries: list[Any] = []
    by_manager: dict[int, list[Any]] = {}
    for manager in built.managers:
        view = team_view(manager=manager, since=since, now=now)
        by_manager[manager.pk] = list(view.attention)
        entries.extend(view.attention)
    built.timings["attention lists"] = clock.perf_counter() - started

    print("\n=== Alpenrose Hotels: every entry of every manager's list ===")
    for manager in built.managers:
        print(f"-- {manager.name}")
        for entry in by_manager[manager.pk]:
            print("   ", describe(entry))

    results: dict[str, tuple[bool, str]] = {}
    for role, reports in built.planted.items():
        if role == "S12b":
            manager, folded = built.fold[role]
            hits = [
                e
                for e in by_manager[manager.pk]
                if e.person.pk == manager.pk
                and {r.pk for r in folded} <= named_ids(e)
                and re.search(SITUATION_WORDS["S12"], words(e))
            ]
            told = [describe(e) for e in entries if any(about(e, r) for r in folded)]
            results[role] = (bool(hits), "; ".join(told) or "no entry")
            continue
        situation = role.rstrip("b")
        report = reports[0]
        mine = [e for e in entries if about(e, report)]
        hits = [e for e in mine if re.search(SITUATION_WORDS[situation], words(e))]
        results[role] = (bool(hits), "; ".join(describe(e) for e in mine) or "no entry")

    print("\n=== Planted situations ===")
    order = [f"S{n}" for n in range(1, 16)] + ["S12b", "S13b", "S14b"]
    for role in order:
        hit, seen = results[role]
        print(f"{'HIT ' if hit else 'MISS'} {role:5} {SITUATION_NAMES[role]:55} <- {seen}")

    clean = [("control", c) for c in built.controls] + [
        (f"decoy {role}", d) for role, d in built.decoys.items()
    ]
    false_flags = []
    for label, person in clean:
        about_them = [describe(e) for e in entries if about(e, person)]
        if about_them:
            false_flags.append(f"{label} {person.name}: {'; '.join(about_them)}")
    precision = 1 - len(false_flags) / len(clean)
    planted_ids = {p.pk for reports in built.planted.values() for p in reports}
    stray = [
        describe(e)
        for e in entries
        if not (e.person.pk in planted_ids or (named_ids(e) and named_ids(e) <= planted_ids))
    ]
    entry_precision = 1 - len(stray) / len(entries) if entries else 1.0
    print("\n=== Decoys and controls ===")
    for line in false_flags:
        print("FALSE FLAG", line)
    print(
        f"clean pairs flagged: {len(false_flags)} of {len(clean)}; precision {precision:.3f}; "
        f"entries about planted reports: {len(entries) - len(stray)} of {len(entries)} "
        f"({entry_precision:.3f})"
    )
    print("timings:", {key: f"{value:.1f}s" for key, value in built.timings.items()})

    for _label, person in clean:
        if any(about(e, person) for e in entries):
            show_shared_points(person, since=now - timedelta(weeks=12))

    missed = [role for role in order if not results[role][0]]
    assert not missed, f"situations not named: {missed}"
    assert not false_flags, f"entries about decoys or controls: {false_flags}"
    assert precision >= 0.90
