"""Rendered parts of pages, kept per reader under the stamps of what they show.

A page that is read far more often than it changes (the 1:1 page during a
meeting, polled every few seconds by two people) renders its heavy part once
per change. The key always starts with the reader, so a fragment is only
ever served to the person it was rendered for; the caller adds the stamps of
everything the fragment shows (a pair's stamp, the reader's date, which 1:1
is next), so a changed fact is a new key, never a stale page.

The CSRF token is left out of the stored HTML and put back on every serve:
a token belongs to a browser, not to a person. The page's one-time key
(core/resend.py) is made anew on every serve too, so that two sends from two
loads of a kept page are never taken for one resend.
"""

import hashlib
import re
from collections.abc import Callable, Hashable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from showup import __version__
from showup.core.resend import FIELD, new_key
from showup.people.models import Person

CSRF_PLACEHOLDER = "csrf-token-placeholder-4b1e9d"
ONE_TIME_KEY = re.compile(rf'name="{FIELD}" value="[^"]*"')


def fragment_key(reader: Person, parts: tuple[Hashable, ...]) -> str:
    """The reader in clear (a key can never be another person's), the rest hashed to a fixed size."""
    digest = hashlib.sha256(repr((__version__, reader.timezone, *parts)).encode()).hexdigest()
    return f"fragment:{reader.pk}:{digest}"


def cached_fragment(
    request: HttpRequest,
    *,
    reader: Person,
    template: str,
    stamps: tuple[Hashable, ...],
    context: Callable[[], dict[str, object]],
) -> SafeString:
    """`template` rendered with `context()`, or the rendering kept for the same reader and stamps."""
    key = fragment_key(reader, (template, *stamps))
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            template, {**context(), "csrf_token": CSRF_PLACEHOLDER}, request=request
        )
        cache.set(key, html)
    html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    fresh = f'name="{FIELD}" value="{new_key()}"'
    return mark_safe(ONE_TIME_KEY.sub(fresh, html))  # noqa: S308 -- our own rendering


def render_with_kept_body(
    request: HttpRequest,
    *,
    reader: Person,
    page: str,
    body: str,
    stamps: tuple[Hashable, ...],
    context: Callable[[], dict[str, object]],
    page_context: dict[str, object] | None = None,
) -> HttpResponse:
    """`page` around `body`, the body kept for this reader under `stamps` (see cached_fragment)."""
    kept = cached_fragment(request, reader=reader, template=body, stamps=stamps, context=context)
    return render(request, page, {**(page_context or {}), "body": kept})
