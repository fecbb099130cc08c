"""Cached parts of a pair's pages: raised by every write, served to their reader alone."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from showup.actions.models import ActionItem
from showup.agendas.models import TalkingPoint
from showup.meetings.models import Occurrence, PairStamp, Series
from showup.meetings.selectors import pairs_of
from showup.meetings.stamps import pairs_key
from showup.notes.models import Note
from showup.people.models import Person
from tests.factories import PersonFactory, weekly_series


@pytest.fixture
def series(db: None) -> Series:
    manager = PersonFactory.create(name="Max Manager")
    report = PersonFactory.create(name="Riley Report", manager=manager)
    return weekly_series(manager, report, first_day=timezone.localdate() + timedelta(days=1))


def next_one(series: Series) -> Occurrence:
    return series.occurrences.order_by("start")[0]


def stamp_of(series: Series) -> int:
    row = PairStamp.objects.filter(pair_id=series.pair_id).first()
    return row.stamp if row else 0


def page(client: Client, who: Person, occurrence: Occurrence) -> str:
    if getattr(client, "signed_in_as", None) != who.pk:
        client.force_login(who)
        client.signed_in_as = who.pk  # type: ignore[attr-defined]
    response = client.get(reverse("pages:occurrence", args=[occurrence.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_every_kind_of_write_raises_the_pair_stamp(series: Series) -> None:
    occurrence, lead = next_one(series), series.pair.lead
    writes = [
        lambda: TalkingPoint.objects.create(
            pair=series.pair, occurrence=occurrence, author=lead, text="a"
        ),
        lambda: TalkingPoint.objects.filter(pair=series.pair).update(text="b"),
        lambda: Note.objects.create(occurrence=occurrence, body="n", version=1),
        lambda: Note.objects.filter(occurrence=occurrence).delete(),
        lambda: Occurrence.objects.filter(pk=occurrence.pk).update(outcome_note="x"),
        lambda: ActionItem.objects.bulk_create(
            [ActionItem(pair=series.pair, owner=lead, text="t", created_by=lead)]
        ),
        lambda: Person.objects.filter(pk=series.pair.member_id).update(name="Riley Renamed"),
    ]
    for write in writes:
        before = stamp_of(series)
        write()
        assert stamp_of(series) > before


def test_a_write_to_another_pair_leaves_the_stamp_alone(series: Series) -> None:
    other = weekly_series(
        PersonFactory.create(), PersonFactory.create(), first_day=date(2026, 3, 2)
    )
    before = stamp_of(series)
    TalkingPoint.objects.create(
        pair=other.pair, occurrence=next_one(other), author=other.pair.lead, text="theirs"
    )
    assert stamp_of(series) == before


def test_a_page_seen_again_runs_only_the_queries_that_key_it(series: Series) -> None:
    client, occurrence = Client(), next_one(series)
    page(client, series.pair.member, occurrence)
    with CaptureQueriesContext(connection) as queries:
        page(client, series.pair.member, occurrence)
    # Sign-in (session, person), then one: the occurrence, its stamp and the pair's next 1:1.
    assert len(queries) == 3


def test_the_page_shows_a_change_made_by_any_path(series: Series) -> None:
    client, occurrence = Client(), next_one(series)
    member = series.pair.member
    assert "Quarterly goals" not in page(client, member, occurrence)
    TalkingPoint.objects.bulk_create(
        [
            TalkingPoint(
                pair=series.pair, occurrence=occurrence, author=member, text="Quarterly goals"
            )
        ]
    )
    assert "Quarterly goals" in page(client, member, occurrence)
    TalkingPoint.objects.filter(text="Quarterly goals").update(text="Career goals")
    html = page(client, member, occurrence)
    assert "Career goals" in html
    assert "Quarterly goals" not in html


def test_one_readers_cached_page_is_never_served_to_the_other(series: Series) -> None:
    client, occurrence = Client(), next_one(series)
    lead, member = series.pair.lead, series.pair.member
    TalkingPoint.objects.create(
        pair=series.pair,
        occurrence=occurrence,
        author=member,
        text="My own worry",
        is_private=True,
    )
    assert "My own worry" in page(client, member, occurrence)
    assert "My own worry" not in page(client, lead, occurrence)
    assert "My own worry" in page(client, member, occurrence)


def test_each_browser_gets_its_own_csrf_token_in_a_cached_page(series: Series) -> None:
    occurrence, member = next_one(series), series.pair.member
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page(first, member, occurrence)
    html = page(second, member, occurrence)
    assert "csrf-token-placeholder" not in html
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = second.post(
        reverse("agendas:point-add", args=[occurrence.pk]),
        {"text": "How is the new role going?", "csrfmiddlewaretoken": token},
    )
    assert response.status_code in (200, 302)
    assert TalkingPoint.objects.filter(text="How is the new role going?").exists()


pytestmark = pytest.mark.django_db


def test_the_home_page_moves_a_1_1_that_ended_to_did_it_happen(
    series: Series, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, occurrence = Client(), next_one(series)
    client.force_login(series.pair.lead)
    # Both moments on the same day: only the 1:1's own end tells the two pages apart.
    monkeypatch.setattr(timezone, "now", lambda: occurrence.start - timedelta(minutes=1))
    assert "Every past 1:1 has an outcome" in home(client)
    monkeypatch.setattr(timezone, "now", lambda: occurrence.end + timedelta(minutes=1))
    assert "Every past 1:1 has an outcome" not in home(client)


def test_a_kept_page_s_key_moves_when_the_next_1_1_starts_and_when_it_ends(
    series: Series,
) -> None:
    occurrence, pairs = next_one(series), pairs_of(series.pair.lead)
    minute = timedelta(minutes=1)
    moments = [occurrence.start - minute, occurrence.start + minute, occurrence.end + minute]
    keys = [pairs_key(pairs=pairs, now=moment) for moment in moments]
    assert len(set(keys)) == 3
    assert pairs_key(pairs=pairs, now=moments[0]) == keys[0]  # and nothing else moves it


def test_the_home_page_shows_a_new_report_who_has_no_1_1_yet(series: Series) -> None:
    client = Client()
    client.force_login(series.pair.lead)
    assert "Newt Newcomer" not in home(client)
    PersonFactory.create(name="Newt Newcomer", manager=series.pair.lead)
    assert "Newt Newcomer" in home(client)


def test_the_calendar_feed_follows_a_change_it_has_kept(series: Series) -> None:
    from showup.meetings import feeds

    token = feeds.feed_token_issue(person=series.pair.lead)
    url = reverse("meetings:feed", args=[token])
    assert "Riley Report" in Client().get(url).content.decode()
    Person.objects.filter(pk=series.pair.member_id).update(name="Riley Renamed")
    body = Client().get(url).content.decode()
    assert "Riley Renamed" in body
    assert "Riley Report" not in body


def home(client: Client) -> str:
    response = client.get(reverse("pages:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_each_serve_of_a_kept_page_carries_fresh_one_time_keys(series: Series) -> None:
    client, occurrence = Client(), next_one(series)
    first = page(client, series.pair.member, occurrence)
    second = page(client, series.pair.member, occurrence)

    def keys(html: str) -> set[str]:
        return {part.split('"', 1)[0] for part in html.split('name="once" value="')[1:]}

    assert keys(first)
    assert not keys(first) & keys(second)
