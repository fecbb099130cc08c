"""Helpers to read pages in tests."""

from django.http import HttpResponseBase


def main_text(response: HttpResponseBase) -> str:
    """The page's <main> only: the header always names the signed-in person."""
    html = response.content.decode()  # type: ignore[attr-defined]
    start = html.find("<main")
    end = html.find("</main>")
    return html[start:end] if start != -1 else html
