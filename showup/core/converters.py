"""The one path converter for ids: `<id:pair_id>` instead of Django's `<id:...>`.

Django's `int` takes any run of digits; a number larger than a database
column holds (past 2**63) then fails inside SQLite's driver as an
OverflowError, a 500. Ids never come near 18 digits, so a longer number is
simply no address here: a 404 before any view runs.
"""

import re
from collections.abc import Callable, Iterable
from typing import Any

from django.urls import register_converter, reverse

ID = "[0-9]{1,18}"


def id_from(raw: str) -> int | None:
    """An id sent in a form or a query, by the same rule as a path: None when it is none.

    `str.isdigit()` is not that rule: it takes "²" (int() then fails) and a
    number too long for any column.
    """
    return int(raw) if re.fullmatch(ID, raw) else None


class IdConverter:
    regex = ID

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")


# An id no row has: where it lands in a reversed URL, each row's own id goes.
_ANY_ID = 987654321987654321


def url_for_each(name: str, *args: object) -> Callable[[int], str]:
    """The URL of `name` for many ids (the last argument) with one reverse() for them all.

    A page with sixty links of one kind reverses once, not sixty times.
    """
    head, tail = reverse(name, args=[*args, _ANY_ID]).split(str(_ANY_ID))
    return lambda object_id: f"{head}{int(object_id)}{tail}"


def attach_urls(rows: Iterable[Any], names: dict[str, str], *args: object) -> None:
    """Each row's links as `row.urls.<action>`, from one reverse() per action for all rows."""
    makers = {action: url_for_each(name, *args) for action, name in names.items()}
    for row in rows:
        row.urls = {action: make(row.pk) for action, make in makers.items()}
