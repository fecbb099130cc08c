"""Saving and previewing notes. Every save answers with what happened: saved, or a conflict to merge."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from showup.core.converters import id_from
from showup.meetings import selectors as meetings
from showup.meetings.errors import MeetingError
from showup.meetings.views.common import found, viewer
from showup.notes.markdown import render_markdown
from showup.notes.selectors import notes_for
from showup.notes.services import note_save


@require_POST
def note_update(request: HttpRequest, occurrence_id: int, which: str) -> HttpResponse:
    person = viewer(request)
    if which not in ("shared", "private"):
        raise Http404
    occurrence = found(lambda: meetings.occurrence_get(person=person, occurrence_id=occurrence_id))
    base_version = id_from(request.POST.get("version", "")) or 0
    context: dict[str, object] = {"occurrence": occurrence, "which": which}
    try:
        result = note_save(
            occurrence=occurrence,
            by=person,
            private=which == "private",
            body=request.POST.get("body", ""),
            base_version=base_version,
            base_body=request.POST.get("base"),
        )
    except MeetingError as error:
        context["error"] = str(error)
    else:
        context["result"] = result
        context["rendered_theirs"] = "" if result.saved else render_markdown(result.note.body)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "notes/_save_result.html", context)
    if "error" not in context and result.saved:
        return redirect(reverse("pages:occurrence", args=[occurrence.pk]) + "#notes")
    # Without JavaScript the page is all there is: show both texts, keep the writer's in the box.
    theirs = None if "error" in context else result.note
    context.update(
        body=request.POST.get("body", ""),
        theirs=theirs,
        retry_version=theirs.version if theirs else base_version,
    )
    status = 400 if "error" in context else 409
    return render(request, "notes/not_saved.html", context, status=status)


@require_GET
def note_current(request: HttpRequest, occurrence_id: int, which: str) -> HttpResponse:
    """The note as saved now, for an open page to take in while its writer is not typing."""
    person = viewer(request)
    if which not in ("shared", "private"):
        raise Http404
    occurrence = found(lambda: meetings.occurrence_get(person=person, occurrence_id=occurrence_id))
    shared, private = notes_for(occurrence=occurrence, person=person)
    note = shared if which == "shared" else private
    return render(
        request, "notes/_current.html", {"note": note, "which": which, "occurrence": occurrence}
    )


@require_POST
def note_preview(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        render_markdown(request.POST.get("body", "")) or '<p class="muted">Nothing to preview.</p>'
    )
