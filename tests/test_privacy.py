"""The privacy contract on every URL: outsiders get 404, and private text reaches its author alone."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from showup.actions.services import action_add
from showup.agendas.services import recurring_point_add, talking_point_add
from showup.careers.services import milestone_add
from showup.feedback.services import blocker_log, feedback_give
from showup.meetings.feeds import feed_calendar
from showup.meetings.models import Occurrence, Series
from showup.notes.services import note_save
from showup.people.models import Person
from showup.performance.services import (
    observation_raise,
    observation_record,
    review_create,
    review_point_add,
    review_share,
    review_update,
)
from tests.factories import PersonFactory, weekly_series
from tests.urls import all_url_names, url_arguments

SHARED = [
    "SHAREDPOINTWORD",
    "SHAREDNOTEWORD",
    "SHAREDACTIONWORD",
    "SHAREDRECURRINGWORD",
    "SHAREDFEEDBACKWORD",
    "SHAREDBLOCKERWORD",
    "SHAREDRAISEDOBSERVATION",
    "SHAREDREVIEWWORD",
    "SHAREDMILESTONEWORD",
]
REPORT_PRIVATE = ["REPORTPRIVATEPOINT", "REPORTPRIVATENOTE", "REPORTPRIVATERECURRING"]
MANAGER_PRIVATE = [
    "MANAGERPRIVATEPOINT",
    "MANAGERPRIVATENOTE",
    "MANAGERUNRAISEDCONCERN",
    "MANAGERDRAFTREVIEW",
]
EVERYTHING = SHARED + REPORT_PRIVATE + MANAGER_PRIVATE
PAIR_ARGUMENTS = {
    "pair_id",
    "series_id",
    "occurrence_id",
    "point_id",
    "item_id",
    "feedback_id",
    "blocker_id",
    "observation_id",
    "review_id",
    "milestone_id",
}
NOT_A_PAGE = {"meetings:feed", "accounts:reset-confirm", "accounts:invitation"}


@dataclass
class World:
    manager: Person
    report: Person
    director: Person
    series: Series
    occurrence: Occurrence
    ids: dict[str, Any]


@pytest.fixture
def world(db: None) -> World:
    director = PersonFactory.create(name="Dana Director")
    manager = PersonFactory.create(name="Max Manager", manager=director)
    report = PersonFactory.create(name="Riley Report", manager=manager)
    start = timezone.now() - timedelta(weeks=2)
    series = weekly_series(manager, report, first_day=start.date(), now=start)
    occurrence = series.occurrences.filter(start__gt=timezone.now()).order_by("start")[0]
    point = talking_point_add(
        occurrence=occurrence, author=report, text=SHARED[0], is_private=False
    )
    talking_point_add(
        occurrence=occurrence, author=report, text=REPORT_PRIVATE[0], is_private=True
    )
    talking_point_add(
        occurrence=occurrence, author=manager, text=MANAGER_PRIVATE[0], is_private=True
    )
    note_save(occurrence=occurrence, by=manager, private=False, body=SHARED[1], base_version=0)
    note_save(
        occurrence=occurrence, by=report, private=True, body=REPORT_PRIVATE[1], base_version=0
    )
    note_save(
        occurrence=occurrence, by=manager, private=True, body=MANAGER_PRIVATE[1], base_version=0
    )
    item = action_add(occurrence=occurrence, by=report, owner=manager, text=SHARED[2], due_on=None)
    recurring_point_add(pair=series.pair, author=manager, text=SHARED[3], is_private=False)
    recurring_point_add(pair=series.pair, author=report, text=REPORT_PRIVATE[2], is_private=True)
    for held in series.occurrences.filter(end__lt=timezone.now()):
        held.state = Occurrence.State.HELD
        held.save()
    past = series.occurrences.filter(end__lt=timezone.now()).order_by("start")[0]
    feedback = feedback_give(pair=series.pair, giver=report, kind="suggestion", text=SHARED[4])
    blocker = blocker_log(pair=series.pair, by=report, kind="process", text=SHARED[5])
    raised = observation_record(
        pair=series.pair, by=manager, kind="concern", text=SHARED[6], now=past.start
    )
    observation_raise(observation=raised, by=manager, occurrence=past, now=timezone.now())
    unraised = observation_record(
        pair=series.pair, by=manager, kind="concern", text=MANAGER_PRIVATE[2]
    )
    shared_review = review_create(
        pair=series.pair,
        by=manager,
        period_start=past.start.date(),
        period_end=timezone.localdate(),
    )
    review_update(review=shared_review, by=manager, summary=SHARED[7], rating=4)
    review_share(review=shared_review, by=manager, now=timezone.now() + timedelta(days=30))
    draft = review_create(
        pair=series.pair,
        by=manager,
        period_start=past.start.date(),
        period_end=timezone.localdate(),
    )
    review_update(review=draft, by=manager, summary=MANAGER_PRIVATE[3], rating=1)
    review_point_add(
        review=draft, by=manager, text="Point", is_concern=True, observations=[unraised]
    )
    milestone = milestone_add(pair=series.pair, by=report, title=SHARED[8], due_on=None)
    ids = {
        "pair_id": series.pair_id,
        "series_id": series.pk,
        "occurrence_id": occurrence.pk,
        "point_id": point.pk,
        "item_id": item.pk,
        "which": "shared",
        "uidb64": "x",
        "token": "x",
        "person_id": report.pk,
        "message_id": 1,
        "subscription_id": 1,
        "delivery_id": 1,
        "feedback_id": feedback.pk,
        "blocker_id": blocker.pk,
        "observation_id": unraised.pk,
        "review_id": draft.pk,
        "milestone_id": milestone.pk,
        # SCIM: the admin's token screens, and the endpoint (which needs a bearer token, not a session).
        "token_id": 1,
        "user_id": str(report.pk),
        "name": "User",
        "schema_id": "x",
        "group_id": "x",
        "question_id": 1,
    }
    return World(
        manager=manager,
        report=report,
        director=director,
        series=series,
        occurrence=occurrence,
        ids=ids,
    )


def url_for(name: str, ids: dict[str, Any]) -> tuple[str, bool]:
    """The URL with the world's ids, and whether it belongs to the pair."""
    keys = url_arguments(name)
    return reverse(name, kwargs={key: ids[key] for key in keys}), bool(keys & PAIR_ARGUMENTS)


def outsiders(world: World) -> dict[str, Person]:
    return {
        "stranger": PersonFactory.create(name="Sam Stranger"),
        "admin": PersonFactory.create(name="Ada Admin", is_admin=True),
        "skip-level manager": world.director,
    }


def body_of(response: Any) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["stranger", "admin", "skip-level manager"])
def test_outsiders_get_404_on_every_pair_url_and_see_no_content_anywhere(
    client: Client, world: World, who: str
) -> None:
    client.force_login(outsiders(world)[who])
    for name in sorted(set(all_url_names()) - NOT_A_PAGE):
        url, of_pair = url_for(name, world.ids)
        if of_pair:
            # 405 answers a wrong method before anything is looked up, so it tells nothing either.
            assert client.get(url).status_code in (404, 405), (who, name)
            assert client.post(url, {"text": "x", "body": "x", "done": "on"}).status_code in (
                404,
                405,
            ), (who, name)
        else:
            page = body_of(client.get(url, {"q": "WORD"}))
            assert not [secret for secret in EVERYTHING if secret in page], (who, name)


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["manager", "report"])
def test_private_text_never_reaches_the_other_person(
    client: Client, world: World, reader: str
) -> None:
    person = world.manager if reader == "manager" else world.report
    own, others = (
        (MANAGER_PRIVATE, REPORT_PRIVATE)
        if reader == "manager"
        else (REPORT_PRIVATE, MANAGER_PRIVATE)
    )
    client.force_login(person)
    seen = ""
    for name in sorted(set(all_url_names()) - NOT_A_PAGE):
        url, _ = url_for(name, world.ids)
        response = client.get(url, {"q": "PRIVATE"}, HTTP_HX_REQUEST="true")
        seen += body_of(response)
    for query in (
        "REPORTPRIVATE",
        "MANAGERPRIVATE",
        "MANAGERUNRAISED",
        "MANAGERDRAFT",
        "PRIVATE",
        "SHARED",
    ):
        seen += body_of(client.get(reverse("history:search"), {"q": query}))
    assert not [secret for secret in others if secret in seen]
    assert [secret for secret in own if secret in seen] == own
    assert [secret for secret in SHARED if secret in seen] == SHARED


@pytest.mark.django_db
def test_the_caldav_event_carries_no_agenda_note_or_action_text(world: World) -> None:
    from showup.calendars.events import series_calendar
    from showup.calendars.in_calendar import series_in_calendar, series_occurrences

    for person in (world.manager, world.report):
        for series in series_in_calendar(person):
            occurrences = series_occurrences(series)
            event = series_calendar(series=series, person=person, occurrences=occurrences, held={})
            assert not [secret for secret in EVERYTHING if secret in event.decode()]


@pytest.mark.django_db
def test_the_calendar_feed_carries_no_agenda_note_or_action_text(world: World) -> None:
    for person in (world.manager, world.report):
        feed = feed_calendar(person=person).decode()
        assert not [secret for secret in EVERYTHING if secret in feed]
