"""The CalDAV requests Showup makes: discovery through the `caldav` library, the rest by hand.

The library finds a calendar well across servers (principal, calendar home,
their quirks), so discovery uses it. Its object API neither sends If-Match nor
says why a write was refused, and Showup must never overwrite an edit made in
the calendar meanwhile, so reading, writing and deleting events are plain
WebDAV requests sent through the library's client (its authentication
included), with the ETag headers written out here.
"""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from caldav.davclient import DAVClient
from caldav.lib import error as caldav_error
from caldav.response import DAVResponse
from django.conf import settings

from showup.calendars.errors import CalendarError
from showup.integrations.targets import TargetRefused, target_check

DAV = "{DAV:}"
CALENDARSERVER = "{http://calendarserver.org/ns/}"
COLLECTION_STATE = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/">'
    "<d:prop><d:sync-token/><cs:getctag/><d:displayname/><d:resourcetype/></d:prop>"
    "</d:propfind>"
)
ICALENDAR = "text/calendar; charset=utf-8"


class WriteRefused(CalendarError):
    """The event changed in the calendar since Showup read it (412): read again, then write."""


@dataclass(frozen=True)
class CollectionState:
    """What changes whenever anything in the calendar changes: a sync token, a ctag, or both."""

    sync_token: str
    ctag: str

    @property
    def known(self) -> bool:
        return bool(self.sync_token or self.ctag)


@dataclass(frozen=True)
class Stored:
    """An event as the calendar holds it."""

    ics: str
    etag: str


def _vetted(url: str) -> str:
    """The server, not the person, makes these requests: like a webhook's, the address must be
    public (no reaching into Showup's own network) and https (the password goes with it)."""
    try:
        target_check(url)
    except TargetRefused as refusal:
        raise CalendarError(f"That calendar address cannot be used. {refusal}") from None
    return url


class Remote:
    """One person's calendar collection on a CalDAV server."""

    def __init__(self, *, url: str, username: str, password: str) -> None:
        self.url = _vetted(url)
        self.client = DAVClient(
            url=url,
            username=username,
            password=password,
            timeout=settings.CALDAV_TIMEOUT_SECONDS,
            enable_rfc6764=False,
        )

    def _request(
        self, url: str, method: str, body: str = "", headers: dict[str, str] | None = None
    ) -> DAVResponse:
        try:
            return self.client.request(url, method, body, headers or {})
        except caldav_error.AuthorizationError:
            raise CalendarError(
                "The calendar server refused the user name or password. "
                "Check them, or make a new app password."
            ) from None
        except caldav_error.DAVError as problem:
            raise CalendarError(
                f"The calendar server answered with an error: {problem}."
            ) from None
        except OSError as problem:  # niquests' connection errors are OSErrors
            raise CalendarError(
                f"The calendar server could not be reached: {type(problem).__name__}."
            ) from None

    def discover(self) -> tuple[str, str]:
        """The calendar's own URL and name: the URL itself if it is a calendar, else the first one found."""
        state = self._propfind(self.url)
        if state is not None:
            return self.url, state[1]
        try:
            calendars = self.client.principal().calendars()
        except caldav_error.AuthorizationError:
            raise CalendarError(
                "The calendar server refused the user name or password. "
                "Check them, or make a new app password."
            ) from None
        except (caldav_error.DAVError, OSError) as problem:
            raise CalendarError(
                f"No calendar was found at this address ({type(problem).__name__})."
            ) from None
        if not calendars:
            raise CalendarError("This account has no calendar. Make one on the server first.")
        calendar = calendars[0]
        return _vetted(str(calendar.url)), calendar.get_display_name() or ""

    def _propfind(self, url: str) -> tuple[CollectionState, str] | None:
        response = self._request(url, "PROPFIND", COLLECTION_STATE, {"Depth": "0"})
        if response.status not in (200, 207) or response.tree is None:
            return None
        prop = response.tree.find(f".//{DAV}prop")
        if (
            prop is None
            or prop.find(f"{DAV}resourcetype/{{urn:ietf:params:xml:ns:caldav}}calendar") is None
        ):
            return None
        state = CollectionState(
            sync_token=_text(prop, f"{DAV}sync-token"),
            ctag=_text(prop, f"{CALENDARSERVER}getctag"),
        )
        return state, _text(prop, f"{DAV}displayname")

    def state(self) -> CollectionState:
        found = self._propfind(self.url)
        if found is None:
            raise CalendarError("The calendar is gone from the server. Connect another one.")
        return found[0]

    def href_of(self, uid: str) -> str:
        return urljoin(self.url, f"showup-{uid.replace('@', '-at-')}.ics")

    def get(self, href: str) -> Stored | None:
        response = self._request(href, "GET")
        if response.status == 404:
            return None
        _check(response, "read an event")
        body = response._raw
        return Stored(ics=body.decode() if isinstance(body, bytes) else body, etag=_etag(response))

    def put(self, href: str, ics: str, *, etag: str | None) -> str:
        """Writes the event only if it is still as last read (If-Match), or new (If-None-Match)."""
        condition = {"If-Match": etag} if etag else {"If-None-Match": "*"}
        response = self._request(href, "PUT", ics, {"Content-Type": ICALENDAR, **condition})
        if response.status == 412:
            raise WriteRefused("The event changed in the calendar meanwhile.")
        _check(response, "write an event")
        return _etag(response) or self._etag_read(href)

    def _etag_read(self, href: str) -> str:
        stored = self.get(href)
        return stored.etag if stored else ""

    def delete(self, href: str, *, etag: str) -> None:
        response = self._request(href, "DELETE", "", {"If-Match": etag} if etag else {})
        if response.status not in (200, 204, 404, 412):
            _check(response, "remove an event")


def _text(prop: Any, name: str) -> str:
    element = prop.find(name)
    return (element.text or "").strip() if element is not None else ""


def _etag(response: DAVResponse) -> str:
    return str(response.headers.get("ETag", ""))


def _check(response: DAVResponse, doing: str) -> None:
    if response.status >= 300:
        raise CalendarError(f"The calendar server refused to {doing} (HTTP {response.status}).")
