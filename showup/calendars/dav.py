"""The CalDAV requests Showup makes: discovery through the `caldav` library, the rest by hand.

The library finds a calendar well across servers (principal, calendar home,
their quirks), so discovery uses it. Its object API neither sends If-Match nor
says why a write was refused, and Showup must never overwrite an edit made in
the calendar meanwhile, so reading, writing and deleting events are plain
WebDAV requests sent through the library's client (its authentication
included), with the ETag headers written out here.

Every request, discovery's included, goes out through core's outbound rule
(showup/core/outbound.py): the library's HTTP session is given a transport that
vets each URL, connects to the address that was checked, and follows a redirect
only to a target that passes the same check. The library's own redirect
following, DNS lookups, proxies and certificate-revocation fetches are never used.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from caldav.davclient import DAVClient
from caldav.lib import error as caldav_error
from caldav.response import DAVResponse
from django.conf import settings
from niquests import PreparedRequest, Response
from niquests.adapters import BaseAdapter
from niquests.structures import CaseInsensitiveDict
from niquests.utils import get_encoding_from_headers

from showup.calendars.errors import CalendarError
from showup.core.outbound import (
    Answer,
    OutboundRefused,
    OutboundUnreachable,
    outbound_request,
    outbound_target,
)

DAV = "{DAV:}"
CALENDARSERVER = "{http://calendarserver.org/ns/}"
COLLECTION_STATE = (
    '<?xml version="1.0" encoding="utf-8"?>'
    '<d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/">'
    "<d:prop><d:sync-token/><cs:getctag/><d:displayname/><d:resourcetype/></d:prop>"
    "</d:propfind>"
)
ICALENDAR = "text/calendar; charset=utf-8"
# A collection's PROPFIND or one event is far smaller; a longer answer is cut and fails to parse.
MAX_ANSWER = 20 * 1024 * 1024
UNREACHABLE = "The calendar server could not be reached."
CREDENTIALS_REFUSED = (
    "The calendar server refused the user name or password. "
    "Check them, or make a new app password."
)
NOT_CALDAV = (
    "That address does not answer as a CalDAV server: it turned the request away without "
    "asking for a password or speaking WebDAV. Check the address: use the one your calendar "
    "service gives for CalDAV or for syncing other apps (it often ends in /dav/ or /caldav/)."
)


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
        outbound_target(url)
    except OutboundRefused as refusal:
        raise _refused(refusal) from None
    return url


def _refused(refusal: OutboundRefused) -> CalendarError:
    return CalendarError(f"That calendar address cannot be used. {refusal}")


class _ReadAlready:
    """Stands for the connection's response, read whole already; it carries no cookies to keep."""

    _original_response = None


_READ = _ReadAlready()


class _VettedTransport(BaseAdapter):
    """The caldav library's HTTP session, every hop of every request through the outbound rule."""

    last: Answer | None = None  # the latest answer, to tell a refused password from a website

    def send(self, request: PreparedRequest, *args: Any, **kwargs: Any) -> Response:
        answer = self.last = outbound_request(
            request.method or "GET",
            request.url or "",
            body=_body(request),
            headers=_headers(request),
            timeout=settings.CALDAV_TIMEOUT_SECONDS,
            max_body=MAX_ANSWER,
        )
        return self._response(request, answer)

    def _response(self, request: PreparedRequest, answer: Answer) -> Response:
        response = Response()
        response.status_code = answer.status
        response.reason = answer.reason
        response.headers = CaseInsensitiveDict(answer.headers)
        response.encoding = get_encoding_from_headers(response.headers)
        response.url = answer.url
        response.request = request
        # Digest authentication answers its challenge through the transport that brought it.
        response.connection = self  # type: ignore[attr-defined]
        response._content = answer.body
        response._content_consumed = True
        response.raw = _READ
        return response

    def close(self) -> None:
        pass  # every request has its own connection, closed when answered


def _body(request: PreparedRequest) -> bytes:
    body = request.body or b""
    if isinstance(body, str):
        return body.encode()
    if not isinstance(body, bytes):
        raise TypeError("the caldav library sends whole bodies only")
    return body


def _headers(request: PreparedRequest) -> dict[str, str]:
    """As the library set them, except compression: the body is handed over as it came."""
    return {
        _text_of(name): _text_of(value)
        for name, value in (request.headers or {}).items()
        if _text_of(name).lower() != "accept-encoding"
    }


def _text_of(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def _why_refused(answer: Answer | None) -> str:
    """A 401 or 403: a password refused, or a server that is no calendar at all.

    A CalDAV server asks for a password (a 401 with WWW-Authenticate) or at
    least speaks WebDAV (a DAV header); a website that turns PROPFIND away
    does neither.
    """
    if answer is None or answer.header("WWW-Authenticate") or answer.header("DAV"):
        return CREDENTIALS_REFUSED
    return NOT_CALDAV


@contextmanager
def _talking_to_server(
    answered: Callable[[caldav_error.DAVError], str], transport: _VettedTransport
) -> Iterator[None]:
    """The library's and the transport's failures, in words for the person."""
    try:
        yield
    except caldav_error.AuthorizationError:
        raise CalendarError(_why_refused(transport.last)) from None
    except caldav_error.DAVError as problem:
        raise CalendarError(answered(problem)) from None
    except OutboundRefused as refusal:  # an address the server named
        raise _refused(refusal) from None
    except OutboundUnreachable:
        raise CalendarError(UNREACHABLE) from None


def _answered_with(problem: caldav_error.DAVError) -> str:
    return f"The calendar server answered with an error: {problem}."


def _no_calendar(problem: caldav_error.DAVError) -> str:
    return f"No calendar was found at this address ({type(problem).__name__})."


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
        self.transport = transport = _VettedTransport()
        self.client.session.adapters.clear()  # no other scheme, no other transport
        self.client.session.mount("https://", transport)
        self.client.session.mount("http://", transport)

    def _request(
        self, url: str, method: str, body: str = "", headers: dict[str, str] | None = None
    ) -> DAVResponse:
        with _talking_to_server(_answered_with, self.transport):
            return self.client.request(url, method, body, headers or {})

    def discover(self) -> tuple[str, str]:
        """The calendar's own URL and name: the URL itself if it is a calendar, else the first one found."""
        state = self._propfind(self.url)
        if state is not None:
            return self.url, state[1]
        with _talking_to_server(_no_calendar, self.transport):
            calendars = self.client.principal().calendars()
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
