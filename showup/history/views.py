from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from showup.actions.selectors import actions_of_pair
from showup.core.fragments import render_with_kept_body
from showup.history import search as full_text
from showup.history.export import pair_markdown
from showup.history.highlight import highlight
from showup.history.selectors import chapters, export_occurrences, history_occurrences
from showup.meetings import selectors as meetings
from showup.meetings.privacy import pair_readers
from showup.meetings.stamps import pairs_key, pairs_stamp
from showup.meetings.views.common import found, viewer

TIMELINE_PAGE = 10
SEARCH_PAGE = 20


@require_GET
def timeline(request: HttpRequest, pair_id: int) -> HttpResponse:
    person = viewer(request)
    pair = found(lambda: meetings.pair_get(person=person, pair_id=pair_id))
    pairs = meetings.pairs_of(person).filter(pk=pair.pk)
    page_number = request.GET.get("page", "")

    def context() -> dict[str, object]:
        page = Paginator(history_occurrences(pair=pair, reader=person), TIMELINE_PAGE).get_page(
            page_number
        )
        return {
            "pair": pair,
            "other": pair.other(person),
            "page": page,
            "chapters": chapters(occurrences=list(page), person=person),
        }

    return render_with_kept_body(
        request,
        reader=person,
        page="history/timeline.html",
        body="history/_timeline_body.html",
        stamps=(
            "timeline",
            pair.pk,
            page_number,
            pairs_key(pairs=pairs, now=timezone.now()),
            timezone.localdate(),
        ),
        context=context,
        page_context={"other": pair.other(person), "privacy_readers": pair_readers(pair, person)},
    )


@require_GET
def print_view(request: HttpRequest, pair_id: int) -> HttpResponse:
    """Every 1:1 of the pair on one page, oldest first, laid out for paper."""
    person = viewer(request)
    pair = found(lambda: meetings.pair_get(person=person, pair_id=pair_id))
    occurrences = list(export_occurrences(pair=pair, person=person))
    context = {
        "pair": pair,
        "other": pair.other(person),
        "chapters": chapters(occurrences=occurrences, person=person),
        "open_items": list(actions_of_pair(pair=pair, reader=person, done=False)),
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
        open_items=list(actions_of_pair(pair=pair, reader=person, done=False)),
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
    page_number = request.GET.get("page", "")

    def context() -> dict[str, object]:
        query = full_text.Query.parse(text)
        found = full_text.search(person=person, text=text)
        page = Paginator(found.ids, SEARCH_PAGE).get_page(page_number)
        results = [
            (entry, highlight(entry.body, query.words), entry.pair.other(person))
            for entry in full_text.entries(list(page))
        ]
        return {
            "text": text,
            "page": page,
            "capped": found.capped,
            "results": results,
            "query_string": f"q={text}" if text else "",
        }

    return render_with_kept_body(
        request,
        reader=person,
        page="history/search.html",
        body="history/_search_body.html",
        stamps=("search", text, page_number, pairs_stamp(pairs=meetings.pairs_of(person))),
        context=context,
        page_context={"text": text},
    )
