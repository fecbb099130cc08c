import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from showup.core.resend import mark_secret
from showup.meetings import feeds
from showup.meetings.views.common import viewer


@require_GET
def calendar_settings(request: HttpRequest) -> HttpResponse:
    feed = feeds.feed_of(person=viewer(request))
    return render(request, "meetings/calendar.html", {"feed": feed, "new_url": None})


@require_POST
def calendar_issue(request: HttpRequest) -> HttpResponse:
    """A new private feed address, shown on this one response and never again."""
    person = viewer(request)
    token = feeds.feed_token_issue(person=person)
    feed = feeds.feed_of(person=person)
    url = feeds.feed_url(token)
    response = render(
        request,
        "meetings/calendar.html",
        {"feed": feed, "new_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]},
    )
    response["Cache-Control"] = "no-store"
    mark_secret(request)  # a resent form gets "already done", never the address kept for it
    return response


@require_POST
def calendar_stop(request: HttpRequest) -> HttpResponse:
    feeds.feed_stop(person=viewer(request))
    messages.success(request, "Your calendar feed is off. Its address no longer works.")
    return redirect("meetings:calendar")


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscription itself: calendar apps fetch it without signing in, so the token is the key."""
    person = feeds.feed_person(token=token)
    if person is None:
        raise Http404
    body = feeds.feed_calendar_kept(person=person)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if etag in request.headers.get("If-None-Match", ""):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
