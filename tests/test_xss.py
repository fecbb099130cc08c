"""Script and HTML typed into any text field comes back inert, on every page that shows it."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from showup.actions.services import action_add, action_add_for_pair
from showup.agendas.services import recurring_point_add, talking_point_add
from showup.careers.services import milestone_add, plan_update
from showup.feedback.services import blocker_decline, blocker_log, feedback_give, feedback_respond
from showup.history.export import pair_markdown
from showup.meetings import services as meetings
from showup.meetings.models import Series
from showup.notes.services import note_save
from showup.performance.services import (
    observation_acknowledge,
    observation_raise,
    observation_record,
    review_create,
    review_point_add,
    review_update,
)
from tests.factories import PersonFactory, weekly_series
from tests.html import active_content

PAYLOAD = "<script>alert('xss')</script><img src=x onerror=alert(1)><a href=\"javascript:alert(2)\">j</a>"
# What Showup's own pages contain; anything else active came from the payload.
OUR_TAGS = {"script", "link", "meta", "form", "input", "svg"}


def live_payloads(html: str) -> list[str]:
    return active_content(html, allowed_tags=OUR_TAGS)


@pytest.fixture
def series(db: None) -> Series:
    manager = PersonFactory.create(name=f"Max {PAYLOAD}", title=PAYLOAD)
    report = PersonFactory.create(name=f"Riley {PAYLOAD}", manager=manager, title=PAYLOAD)
    start = timezone.now() - timedelta(weeks=2)
    series = weekly_series(manager, report, first_day=start.date(), now=start)
    Series.objects.filter(pk=series.pk).update(location=PAYLOAD)
    occurrences = list(series.occurrences.order_by("start"))
    upcoming = [occurrence for occurrence in occurrences if occurrence.start > timezone.now()]
    talking_point_add(occurrence=upcoming[0], author=report, text=PAYLOAD, is_private=False)
    talking_point_add(
        occurrence=upcoming[0], author=report, text=f"private {PAYLOAD}", is_private=True
    )
    recurring_point_add(pair=series.pair, author=manager, text=PAYLOAD, is_private=False)
    note_save(occurrence=upcoming[0], by=manager, private=False, body=PAYLOAD, base_version=0)
    note_save(occurrence=upcoming[0], by=report, private=True, body=PAYLOAD, base_version=0)
    action_add(occurrence=upcoming[0], by=report, owner=manager, text=PAYLOAD, due_on=None)
    meetings.occurrence_skip(occurrence=occurrences[0], by=report, note=PAYLOAD)
    meetings.occurrence_cancel(occurrence=upcoming[1], by=manager, reason=PAYLOAD)
    meetings.occurrence_reschedule(
        occurrence=upcoming[2],
        by=manager,
        new_start=upcoming[2].start + timedelta(hours=1),
        reason=PAYLOAD,
    )
    feedback = feedback_give(pair=series.pair, giver=report, kind="suggestion", text=PAYLOAD)
    feedback_respond(feedback=feedback, by=manager, response=PAYLOAD)
    blocker = blocker_log(pair=series.pair, by=report, kind="process", text=PAYLOAD)
    blocker_decline(blocker=blocker, by=manager, reason=PAYLOAD)
    observation = observation_record(
        pair=series.pair,
        by=manager,
        kind="concern",
        text=PAYLOAD,
        evidence=PAYLOAD,
        now=occurrences[1].start,
    )
    observation_raise(observation=observation, by=manager, occurrence=occurrences[1])
    observation_acknowledge(observation=observation, by=report, comment=PAYLOAD)
    review = review_create(
        pair=series.pair,
        by=manager,
        period_start=occurrences[0].start.date(),
        period_end=timezone.localdate(),
    )
    review_update(review=review, by=manager, summary=PAYLOAD, rating=3)
    review_point_add(
        review=review, by=manager, text=PAYLOAD, is_concern=True, observations=[observation]
    )
    plan_update(
        pair=series.pair,
        by=report,
        aspiration="manager",
        target_role=PAYLOAD[:150],
        horizon=PAYLOAD[:60],
        notes=PAYLOAD,
    )
    milestone = milestone_add(pair=series.pair, by=report, title=PAYLOAD, due_on=None)
    action_add_for_pair(
        pair=series.pair,
        occurrence=None,
        by=manager,
        owner=manager,
        text=PAYLOAD,
        due_on=None,
        milestone=milestone,
    )
    return series


def pages(series: Series) -> list[str]:
    occurrence = series.occurrences.filter(start__gt=timezone.now()).order_by("start")[0]
    pair = series.pair_id
    return [
        reverse("pages:home"),
        reverse("pages:pair", args=[pair]),
        reverse("pages:occurrence", args=[occurrence.pk]),
        reverse("meetings:occurrence-cancel", args=[occurrence.pk]),
        reverse("agendas:agenda", args=[occurrence.pk]),
        reverse("actions:list", args=[occurrence.pk]),
        reverse("history:timeline", args=[pair]),
        reverse("history:print", args=[pair]),
        reverse("history:search") + "?q=script+alert+xss",
        reverse("pages:person", args=[series.pair.member_id]),
        reverse("people:org-chart"),
        reverse("people:org-chart") + "?q=Riley",
        reverse("feedback:pair", args=[pair]),
        reverse("feedback:blockers", args=[pair]),
        reverse("feedback:mine"),
        reverse("performance:pair", args=[pair]),
        reverse("performance:review", args=[series.pair.reviews.get().pk]),
        reverse("careers:pair", args=[pair]),
        reverse("feedback:team"),
        reverse("performance:team"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["lead", "member"])
def test_every_page_shows_typed_html_as_text(client: Client, series: Series, reader: str) -> None:
    client.force_login(getattr(series.pair, reader))
    for url in pages(series):
        if reader == "member" and ("/reviews/" in url or "/team/" in url):
            continue  # a draft review and the team pages are the manager's alone
        response = client.get(
            url, HTTP_HX_REQUEST="true" if "/agenda/" in url or "/actions/" in url else ""
        )
        html = response.content.decode()
        assert response.status_code == 200, url
        assert live_payloads(html) == [], url
        assert "<script>alert" not in html, url


@pytest.mark.django_db
def test_admin_screens_and_the_import_preview_are_inert(client: Client, series: Series) -> None:
    client.force_login(PersonFactory.create(is_admin=True))
    for url in (
        reverse("people_admin:manage"),
        reverse("people_admin:edit", args=[series.pair.member_id]),
    ):
        assert live_payloads(client.get(url).content.decode()) == []
    csv = f"email,name,title,manager_email,timezone\nx@example.com,{PAYLOAD.replace(',', ' ')},{'t'},,{PAYLOAD}\n"
    preview = client.post(
        reverse("people_admin:import"), {"file": SimpleUploadedFile("org.csv", csv.encode())}
    )
    assert live_payloads(preview.content.decode()) == []


@pytest.mark.django_db
def test_the_note_preview_is_inert(client: Client, series: Series) -> None:
    client.force_login(series.pair.lead)
    assert (
        live_payloads(client.post(reverse("notes:preview"), {"body": PAYLOAD}).content.decode())
        == []
    )


@pytest.mark.django_db
def test_the_markdown_export_is_plain_text(client: Client, series: Series) -> None:
    client.force_login(series.pair.member)
    response = client.get(reverse("history:export", args=[series.pair_id]))
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert "nosniff" in response["X-Content-Type-Options"]


@pytest.mark.django_db
def test_markdown_export_function_keeps_text_verbatim(series: Series) -> None:
    text = pair_markdown(
        pair=series.pair, reader=series.pair.member, chapters=[], open_items=[], now=timezone.now()
    )
    assert text.startswith("# 1:1s: Riley")
