"""The guides in docs/, served to signed-in people, so a page can link to its setup.

The same Markdown files the repository shows, rendered with markdown-it and
cleaned with nh3; links between guides stay inside Showup.
"""

import re
from functools import cache
from pathlib import Path

import nh3
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# docs/ beside the showup package: a clone or an editable install has it.
DOCS = Path(settings.PACKAGE_DIR).parent / "docs"
NAME = re.compile(r"^[a-z][a-z0-9-]*$")
LINK_TO_GUIDE = re.compile(r'href="([a-z][a-z0-9-]*)\.md(#[^"]*)?"')


def guide_path(name: str) -> Path | None:
    """The guide's file, if `name` is one: never a path outside docs/."""
    if not NAME.match(name):
        return None
    path = DOCS / f"{name}.md"
    return path if path.is_file() else None


@cache
def guide_html(name: str, modified: float) -> SafeString:
    """The guide as HTML; `modified` keys the cache, so an edited guide shows at once."""
    path = guide_path(name)
    if path is None:
        raise FileNotFoundError(name)
    html = MarkdownIt("commonmark").enable("table").render(path.read_text(encoding="utf-8"))
    html = LINK_TO_GUIDE.sub(
        lambda found: f'href="{reverse("pages:help", args=[found[1]])}{found[2] or ""}"', html
    )
    clean = nh3.clean(html, url_schemes={"http", "https", "mailto"}, link_rel="noopener")
    return mark_safe(scrollable(clean))  # noqa: S308 -- cleaned by nh3 just above


def scrollable(html: str) -> str:
    """Wide tables and code scroll inside the page, not the page sideways, and are reached
    by keyboard (a scrolling region must take focus). Applied after cleaning: nh3 would
    drop the tabindex; what is added here is fixed markup, nothing from the guide."""
    html = html.replace("<table>", '<div class="table-wrap" tabindex="0"><table>')
    html = html.replace("</table>", "</table></div>")
    return html.replace("<pre>", '<pre tabindex="0">')
