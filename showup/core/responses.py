"""Answers to writes that are rendered after the write commits (see core/resend.py)."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.template.response import TemplateResponse


class RenderedAfterCommit(TemplateResponse):
    """A template answer whose context is read, and rendered, once the write's transaction is over.

    The reads then see the committed write, and the write lock is not held while
    forty kilobytes of agenda are rendered.
    """

    def __init__(
        self, request: HttpRequest, template: str, context: Callable[[], dict[str, Any]]
    ) -> None:
        super().__init__(request, template)
        self.make_context = context

    def resolve_context(self, context: dict[str, Any] | None) -> dict[str, Any]:
        return self.make_context()
