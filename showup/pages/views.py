"""The composed pages: each gathers the parts other apps own, and keeps its body while nothing it shows changed."""

from datetime import datetime
from urllib.parse import urlsplit

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.core.paginator import Paginator
from django.db import connection
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseForbidden,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from showup.actions.sections import actions_section
from showup.agendas.sections import agenda_section
from showup.calendars.selectors import questions_open
from showup.core.fragments import cached_fragment, render_with_kept_body
from showup.meetings import selectors
from showup.meetings.models import Occurrence
from showup.meetings.privacy import pair_readers, readers_with
from showup.meetings.selectors import pair_with, pairs_of
from showup.meetings.stamps import occurrence_phase, pairs_key
from showup.meetings.views.common import found, viewer
from showup.meetings.views.occurrences import occurrence_context
from showup.notes.selectors import notes_for
from showup.pages import help
from showup.pages.home import home_for
from showup.pages.live import live_state
from showup.pages.panel import side_panel
from showup.pages.stream import live_events
from showup.people import selectors as people
from showup.people.forms import TimezoneForm
from showup.people.models import Person

HISTORY_PAGE = 20


@require_GET
def occurrence_live(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    """Has the 1:1 changed, and who else has it open: a 304 while neither did (pages/live.py)."""
    person, now = viewer(request), timezone.now()
    key = found(
        lambda: selectors.occurrence_page_key(person=person, occurrence_id=occurrence_id, now=now)
    )
    body, etag = live_state(key=key, reader=person, now=now)
    response: HttpResponse = (
        HttpResponseNotModified()
        if request.headers.get("If-None-Match") == etag
        else HttpResponse(body, content_type="application/json")
    )
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


@require_GET
async def occurrence_live_stream(request: HttpRequest, occurrence_id: int) -> HttpResponseBase:
    """The same answers as occurrence_live, pushed as server-sent events (pages/stream.py).

    Only an ASGI server can hold the stream open; under WSGI this is a 404 and
    the page asks occurrence_live every second instead. Served on an origin of
    its own (settings.LIVE_URL), it lets Showup's pages, and no other site, read it.
    """
    if not isinstance(request, ASGIRequest):
        raise Http404("The live stream needs the ASGI server.")
    if request.headers.get("Origin", _pages_origin()) != _pages_origin():
        # Another site (even one on this host, where the sign-in cookie goes too)
        # could not read the stream, but it would keep the reader shown as here.
        return HttpResponseForbidden("Only Showup's own pages open this stream.")
    person, now = await request.auser(), timezone.now()
    assert isinstance(person, Person)  # LoginRequiredMiddleware let only people in
    first = await sync_to_async(_first_state)(person, occurrence_id, now)
    events = live_events(
        reader_id=person.pk,
        session_key=request.session.session_key or "",
        session_hash=person.get_session_auth_hash(),
        occurrence_id=occurrence_id,
        first=first,
    )
    response = StreamingHttpResponse(events, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx passes each event on at once
    if settings.LIVE_URL and request.headers.get("Origin") == _pages_origin():
        response["Access-Control-Allow-Origin"] = _pages_origin()
        response["Access-Control-Allow-Credentials"] = "true"
    response["Vary"] = "Origin"
    return response


def _pages_origin() -> str:
    """Where Showup's pages are: a browser names it as the Origin of their requests to
    another origin (the stream's own, under `make run`), and none from the same one."""
    return "{0.scheme}://{0.netloc}".format(urlsplit(settings.BASE_URL))


def _first_state(person: Person, occurrence_id: int, now: datetime) -> str:
    """Read in the request's own thread, whose database connection then closes: the
    stream keeps that thread for as long as it is open, and the watcher reads for it."""
    try:
        key = found(
            lambda: selectors.occurrence_page_key(
                person=person, occurrence_id=occurrence_id, now=now
            )
        )
        return live_state(key=key, reader=person, now=now)[0]
    finally:
        connection.close()


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The reader's week: what is next, what needs an answer, and, for a manager, their reports."""
    person, now = request.user, timezone.now()
    assert isinstance(person, Person)
    pairs = pairs_of(person)
    return render_with_kept_body(
        request,
        reader=person,
        page="pages/home.html",
        body="pages/_home_body.html",
        stamps=(
            "home",
            pairs_key(pairs=pairs, now=now),
            timezone.localdate(),
        ),
        context=lambda: home_for(person=person, now=now),
        # Outside the kept body: a question from the calendar shows the moment it is asked.
        page_context={"now": now, "calendar_questions": questions_open(person).count()},
    )


@require_GET
def occurrence_detail(request: HttpRequest, occurrence_id: int) -> HttpResponse:
    """The 1:1 page: agenda, notes and actions around one occurrence, for before, during and after.

    Its body is rendered once per change of anything it shows and kept per
    reader (core/fragments.py); seen again, the page costs one query of its own.
    """
    person, now = viewer(request), timezone.now()
    key = found(
        lambda: selectors.occurrence_page_key(person=person, occurrence_id=occurrence_id, now=now)
    )
    body = cached_fragment(
        request,
        reader=person,
        template="pages/_occurrence_body.html",
        stamps=(
            key.occurrence_id,
            key.pair_stamp,
            occurrence_phase(start=key.start, end=key.end, now=now),
            key.next_id,
            timezone.localdate(),
        ),
        context=lambda: _page_context(
            request,
            found(lambda: selectors.occurrence_get(person=person, occurrence_id=occurrence_id)),
            is_next=key.next_id == key.occurrence_id,
            now=now,
        ),
    )
    context = {
        "key": key,
        "privacy_readers": readers_with(key.other_first_name),
        "body": body,
        "live_origin": settings.LIVE_URL,
    }
    return render(request, "pages/occurrence.html", context)


def _page_context(
    request: HttpRequest, occurrence: Occurrence, *, is_next: bool, now: datetime
) -> dict[str, object]:
    person = viewer(request)
    summary = selectors.summary_of(pair=occurrence.pair, reader=person)
    shared_note, private_note = notes_for(occurrence=occurrence, person=person)
    return {
        **occurrence_context(request, occurrence),
        **agenda_section(
            occurrence=occurrence,
            person=person,
            is_next=is_next,
            first_meeting=summary is None or summary.held == 0,
        ),
        **actions_section(occurrence=occurrence, person=person),
        **side_panel(occurrence=occurrence, person=person, now=now),
        "shared_note": shared_note,
        "private_note": private_note,
    }


@require_GET
def pair_detail(request: HttpRequest, pair_id: int) -> HttpResponse:
    person = viewer(request)
    pair = found(lambda: selectors.pair_get(person=person, pair_id=pair_id))
    now = timezone.now()
    pairs = selectors.pairs_of(person).filter(pk=pair.pk)
    page_number = request.GET.get("page", "")

    def context() -> dict[str, object]:
        series = selectors.current_series(pair=pair, reader=person)
        return {
            "pair": pair,
            "other": pair.other(person),
            "series": series,
            "summary": selectors.summary_of(pair=pair, reader=person),
            "alert": selectors.gap_alert(series, now) if series else None,
            "upcoming": selectors.pair_upcoming(pair=pair, reader=person, now=now),
            "history": Paginator(
                selectors.pair_past(pair=pair, reader=person, now=now), HISTORY_PAGE
            ).get_page(page_number),
            "events": selectors.pair_events(pair=pair, reader=person),
            "now": now,
        }

    return render_with_kept_body(
        request,
        reader=person,
        page="pages/pair.html",
        body="pages/_pair_body.html",
        stamps=(
            "pair",
            pair.pk,
            page_number,
            pairs_key(pairs=pairs, now=now),
            timezone.localdate(),
        ),
        context=context,
        page_context={
            "pair": pair,
            "other": pair.other(person),
            "privacy_readers": pair_readers(pair, person),
        },
    )


@require_GET
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    try:
        person = people.person_get(person_id=person_id)
    except Person.DoesNotExist:
        raise Http404 from None
    reader = viewer(request)
    context = {
        "pair": None if person.pk == reader.pk else pair_with(person=reader, other=person),
        "person": person,
        "chain": people.person_chain(person=person),
        "reports": list(people.person_reports(person=person)),
        "is_self": person.pk == reader.pk,
        "timezone_form": TimezoneForm(initial={"timezone": person.timezone}),
    }
    return render(request, "pages/person.html", context)


@require_GET
def help_page(request: HttpRequest, name: str) -> HttpResponse:
    """One of the guides in docs/, for the admin screens' "Setup" links and anyone curious."""
    path = help.guide_path(name)
    if path is None:
        raise Http404("No such guide.")
    body = help.guide_html(name, path.stat().st_mtime)
    return render(request, "pages/help.html", {"body": body, "name": name})
