"""One-click answers from e-mails, unsubscribing, and reminder settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from showup.calendars.selectors import people_syncing
from showup.meetings import selectors
from showup.meetings import services as meetings
from showup.meetings.errors import MeetingError
from showup.meetings.models import Occurrence
from showup.meetings.views.common import viewer
from showup.notifications.forms import PreferenceForm
from showup.notifications.links import link_use, link_used, read_action, read_unsubscribe
from showup.notifications.models import Preference
from showup.people.models import Person
from showup.people.selectors import person_reports


def _linked_occurrence(person: Person, occurrence_id: int) -> Occurrence | None:
    """The linked 1:1 if its person may still read it (a link outlives a move to another manager)."""
    try:
        return selectors.occurrence_get(person=person, occurrence_id=occurrence_id)
    except Occurrence.DoesNotExist:
        return None


ANSWERS = {"held": "We held it", "skipped": "We skipped it: nothing to discuss"}


@login_not_required
@require_http_methods(["GET", "POST"])
def go(request: HttpRequest, token: str) -> HttpResponse:
    """A one-click answer. GET shows it (and the page submits itself), POST records it, once.

    Mail scanners follow links but do not run scripts or submit forms, so only a person answers.
    """
    link = read_action(token)
    person = Person.objects.filter(pk=link.person_id, is_active=True).first() if link else None
    occurrence = _linked_occurrence(person, link.occurrence_id) if link and person else None
    if link is None or occurrence is None or person is None:
        return render(
            request,
            "notifications/link.html",
            {"problem": "This link is not valid, or has expired."},
            status=404,
        )
    if link.action == "reschedule":
        return redirect("meetings:occurrence-reschedule", occurrence.pk)
    if link_used(token):
        return render(
            request,
            "notifications/link.html",
            {"problem": "This link was already used.", "occurrence": occurrence},
            status=410,
        )
    if request.method == "GET":
        return render(
            request,
            "notifications/link.html",
            {
                "occurrence": occurrence,
                "person": person,
                "answer": ANSWERS[link.action],
                "token": token,
            },
        )
    if not link_use(token):
        return render(
            request,
            "notifications/link.html",
            {"problem": "This link was already used.", "occurrence": occurrence},
            status=410,
        )
    try:
        if link.action == "held":
            meetings.occurrence_hold(occurrence=occurrence, by=person)
        else:
            meetings.occurrence_skip(occurrence=occurrence, by=person)
    except MeetingError as error:
        return render(
            request,
            "notifications/link.html",
            {"problem": str(error), "occurrence": occurrence},
            status=409,
        )
    return render(
        request,
        "notifications/link.html",
        {"done": ANSWERS[link.action], "occurrence": occurrence, "person": person},
    )


# What one-click unsubscribe turns off, in the words its page uses: the page
# lists exactly this, so it can never promise something still arrives.
EVERYTHING_OFF = {
    "before_enabled": "reminders before your 1:1s",
    "after_enabled": "“did it happen?” mails",
    "digest_enabled": "the Monday digest",
    "changes_enabled": "notices when the other person cancels or moves a 1:1, "
    "or your synced calendar disagrees with Showup",
    "invitations_enabled": "calendar invitations by e-mail",
}
# The same notices, said to someone who syncs no calendar.
CHANGES_WITHOUT_SYNC = "notices when the other person cancels or moves a 1:1"


def _stops_for(person: Person) -> list[str]:
    """What unsubscribing stops for this person: the digest only for someone with reports,
    the calendar's questions only for someone who syncs one (as Reminders shows them)."""
    words = dict(EVERYTHING_OFF)
    if not person_reports(person=person).exists():
        del words["digest_enabled"]
    if not people_syncing(people=[person]):
        words["changes_enabled"] = CHANGES_WITHOUT_SYNC
    return list(words.values())


def _all_off(person: Person) -> bool:
    preference = Preference.objects.filter(person=person).first()
    return preference is not None and not any(getattr(preference, f) for f in EVERYTHING_OFF)


def _switch_everything_off(person_id: int) -> None:
    Preference.objects.update_or_create(
        person_id=person_id,
        defaults={**dict.fromkeys(EVERYTHING_OFF, False), "updated_at": timezone.now()},
    )


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no session or token
@login_not_required
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    person_id = read_unsubscribe(token)
    person = Person.objects.filter(pk=person_id).first() if person_id is not None else None
    if person is None:
        return render(request, "notifications/unsubscribe.html", {"problem": True}, status=404)
    stops = _stops_for(person)
    if request.method == "POST":
        _switch_everything_off(person.pk)
        return render(
            request, "notifications/unsubscribe.html", {"done": True, "switched_off": stops}
        )
    if _all_off(person):  # the link opened again: nothing left to ask
        context = {"done": True, "already": True, "switched_off": stops}
        return render(request, "notifications/unsubscribe.html", context)
    return render(
        request, "notifications/unsubscribe.html", {"token": token, "switched_off": stops}
    )


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    person = viewer(request)
    preference = Preference.objects.filter(person=person).first() or Preference(person=person)
    initial = {
        name: getattr(preference, name)
        for name in (
            "before_enabled",
            "before_hours",
            "after_enabled",
            "changes_enabled",
            "digest_enabled",
            "invitations_enabled",
        )
    }
    form = PreferenceForm(
        request.POST or None,
        initial=initial,
        has_reports=person_reports(person=person).exists(),
        syncs_calendar=bool(people_syncing(people=[person])),
    )
    if request.method == "POST" and form.is_valid():
        # A field not shown (the digest, to someone without reports) keeps its value.
        Preference.objects.update_or_create(
            person=person, defaults={**form.cleaned_data, "updated_at": timezone.now()}
        )
        messages.success(request, "Your reminder settings are saved.")
        return redirect(reverse("notifications:settings"))
    return render(request, "notifications/settings.html", {"form": form})
