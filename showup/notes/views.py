"""Saving and previewing notes. Every save answers with what happened: saved, or a conflict to merge."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from showup.meetings import selectors as meetings
from showup.meetings.errors import MeetingError
from showup.meetings.views.common import found, viewer
from showup.notes.markdown import render_markdown
from showup.notes.services import note_save


@require_POST
def note_update(request: HttpRequest, occurrence_id: int, which: str) -> HttpResponse:
    person = viewer(request)
    occurrence = found(lambda: meetings.occurrence_get(person=person, occurrence_id=occurrence_id))
    raw_version = request.POST.get("version", "")
    context: dict[str, object] = {"occurrence": occurrence, "which": which}
    try:
        result = note_save(
            occurrence=occurrence,
            by=person,
            private=which == "private",
            body=request.POST.get("body", ""),
            base_version=int(raw_version) if raw_version.isdigit() else 0,
        )
    except MeetingError as error:
        context["error"] = str(error)
    else:
        context["result"] = result
        context["rendered_theirs"] = "" if result.saved else render_markdown(result.note.body)
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect(reverse("meetings:occurrence", args=[occurrence.pk]) + "#notes")
    return render(request, "notes/_save_result.html", context)


@require_POST
def note_preview(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        render_markdown(request.POST.get("body", "")) or '<p class="muted">Nothing to preview.</p>'
    )
