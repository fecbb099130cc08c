"""Marks the words a search matched, in text that is escaped first."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SNIPPET = 240


def highlight(text: str, words: tuple[str, ...]) -> SafeString:
    """A snippet of `text` around the first match, HTML-escaped, matches in <mark>."""
    if not words:
        return mark_safe(escape(text[:SNIPPET]))  # noqa: S308 -- escaped
    pattern = re.compile(
        r"\b((?:" + "|".join(re.escape(word) for word in words) + r")\w*)", re.IGNORECASE
    )
    first = pattern.search(text)
    start = max(0, (first.start() if first else 0) - SNIPPET // 3)
    snippet = (
        ("…" if start else "")
        + text[start : start + SNIPPET]
        + ("…" if start + SNIPPET < len(text) else "")
    )
    parts = pattern.split(snippet)
    html = "".join(
        f"<mark>{escape(part)}</mark>" if index % 2 else escape(part)
        for index, part in enumerate(parts)
    )
    return mark_safe(html)  # noqa: S308 -- every part escaped above
