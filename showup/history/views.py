from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from showup.history import search as full_text
from showup.history.export import pair_markdown
from showup.history.highlight import highlight
from showup.history.selectors import chapters, export_occurrences, history_occurrences
from showup.meetings import selectors as meetings
from showup.meetings.privacy import pair_readers
from showup.meetings.views.common import found, viewer

TIMELINE_PAGE = 10
SEARCH_PAGE = 20


@require_GET
def timeline(request: HttpRequest, pair_id: int) -> HttpResponse:
    person = viewer(request)
    pair = found(lambda: meetings.pair_get(person=person, pair_id=pair_id))
    page = Paginator(history_occurrences(pair=pair), TIMELINE_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "pair": pair,
        "other": pair.other(person),
        "page": page,
        "chapters": chapters(occurrences=list(page), person=person),
        "privacy_readers": pair_readers(pair, person),
    }
    return render(request, "history/timeline.html", context)


@require_GET
def print_view(request: HttpRequest, pair_id: int) -> HttpResponse:
    """Every 1:1 of the pair on one page, oldest first, laid out for paper."""
    person = viewer(request)
    pair = found(lambda: meetings.pair_get(person=person, pair_id=pair_id))
    occurrences = list(history_occurrences(pair=pair).order_by("start"))
    context = {
        "pair": pair,
        "other": pair.other(person),
        "chapters": chapters(occurrences=occurrences, person=person),
        "now": timezone.now(),
        "privacy_readers": pair_readers(pair, person),
    }
    return render(request, "history/print.html", context)


@require_GET
def export_markdown(request: HttpRequest, pair_id: int) -> HttpResponse:
    person = viewer(request)
    pair = found(lambda: meetings.pair_get(person=person, pair_id=pair_id))
    occurrences = list(export_occurrences(pair=pair, person=person))
    body = pair_markdown(
        pair=pair,
        reader=person,
        chapters=chapters(occurrences=occurrences, person=person),
        now=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/markdown; charset=utf-8")
    name = slugify(f"1-1s {person.name} {pair.other(person).name}")
    response["Content-Disposition"] = f'attachment; filename="{name}.md"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    person = viewer(request)
    text = request.GET.get("q", "").strip()[:200]
    query = full_text.Query.parse(text)
    page = Paginator(full_text.search(person=person, text=text), SEARCH_PAGE).get_page(
        request.GET.get("page")
    )
    results = [
        (entry, highlight(entry.body, query.words), entry.pair.other(person)) for entry in page
    ]
    context = {
        "text": text,
        "page": page,
        "results": results,
        "query_string": f"q={text}" if text else "",
    }
    return render(request, "history/search.html", context)
