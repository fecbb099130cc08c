"""Two people's edits to one note, made from the same text, put together word by word."""

import re
from typing import Any

from merge3 import Merge3

# A word or a sign with the spaces after it: every character falls in exactly one token,
# so joining them gives the text back; and edits to neighbouring words touch, so they
# conflict, while edits with a word left alone between them merge.
TOKENS = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")


def merge_texts(*, base: str, mine: str, theirs: str) -> str | None:
    """`mine` and `theirs` both edited `base`: both edits, or None when they touched the same words.

    Two additions at the start of a line or the end of the text (both wrote a
    new line) are both kept, theirs first since it was saved first, each on its
    own line: neither changed what the other saw. Two additions inside one line
    are the same passage, and conflict.
    """
    original, ours, other = TOKENS.findall(base), TOKENS.findall(mine), TOKENS.findall(theirs)
    merged: list[str] = []
    regions: list[tuple[Any, ...]] = list(Merge3(original, ours, other).merge_regions())
    for region in regions:
        kind = region[0]
        if kind == "unchanged":
            merged += original[region[1] : region[2]]
        elif kind in ("a", "same"):
            merged += ours[region[1] : region[2]]
        elif kind == "b":
            merged += other[region[1] : region[2]]
        elif region[1] == region[2] and (
            added := _both_added_lines(original, region, ours, other)
        ):
            merged += added
        else:
            return None
    return "".join(merged)


def _both_added_lines(
    original: list[str], region: tuple[Any, ...], ours: list[str], other: list[str]
) -> list[str]:
    """Both insertions, theirs first, when each is a line of its own; none otherwise."""
    first, second = other[region[5] : region[6]], ours[region[3] : region[4]]
    if _starts_a_line(first) and _starts_a_line(second):  # each breaks the line it is put in
        return [*first, *second]
    position = region[1]
    if position not in (0, len(original)) and not original[position - 1].endswith("\n"):
        return []
    apart = "".join(first).endswith("\n") or "".join(second).startswith("\n")
    return [*first, *([] if apart else ["\n"]), *second]


def _starts_a_line(tokens: list[str]) -> bool:
    return bool(tokens) and "\n" in tokens[0]
