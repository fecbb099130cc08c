"""Helpers to read pages in tests."""

from html.parser import HTMLParser

from django.http import HttpResponseBase


def main_text(response: HttpResponseBase) -> str:
    """The page's <main> only: the header always names the signed-in person."""
    html = response.content.decode()  # type: ignore[attr-defined]
    start = html.find("<main")
    end = html.find("</main>")
    return html[start:end] if start != -1 else html


DANGEROUS_TAGS = {
    "script",
    "img",
    "iframe",
    "object",
    "embed",
    "svg",
    "style",
    "link",
    "meta",
    "base",
    "form",
    "input",
}


class _ActiveContent(HTMLParser):
    def __init__(self, allowed_tags: set[str]) -> None:
        super().__init__()
        self.allowed_tags = allowed_tags
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DANGEROUS_TAGS - self.allowed_tags:
            self.found.append(f"<{tag}>")
        if tag == "script" and not (dict(attrs).get("src") or "").startswith("/static/"):
            self.found.append("<script> that is not one of ours")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"{tag} {name}=")
            if name in ("href", "src", "action", "formaction") and (
                value or ""
            ).strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"{tag} {name}={value}")


def active_content(html: str, *, allowed_tags: set[str] | None = None) -> list[str]:
    """Elements and attributes in `html` that could run script or load a resource."""
    parser = _ActiveContent(allowed_tags or set())
    parser.feed(html)
    return parser.found
