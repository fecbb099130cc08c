"""Error pages. They never echo the request's content back: a 404 says only that."""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def _page(status: int, title: str, message: str) -> HttpResponse:
    html = render_to_string(
        "core/error.html", {"status": status, "title": title, "message": message}
    )
    return HttpResponse(html, status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(404, "Not found", "There is nothing here, or it is not yours to see.")


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(403, "Not allowed", "You cannot do that.")


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(
        500, "Something went wrong", "We could not finish that. Nothing you saved was lost."
    )


def bad_request_page(message: str) -> HttpResponse:
    """A refusal that says what was wrong with the request, never what the request held."""
    return _page(400, "That could not be saved", message)
