"""A pair's history as Markdown: the reader's own copy, with their private notes and nobody else's."""

from datetime import datetime
from zoneinfo import ZoneInfo

from showup.actions.models import ActionItem
from showup.history.selectors import Chapter
from showup.meetings.models import Pair
from showup.people.models import Person


def pair_markdown(
    *,
    pair: Pair,
    reader: Person,
    chapters: list[Chapter],
    open_items: list[ActionItem],
    now: datetime,
) -> str:
    zone = ZoneInfo(reader.timezone)
    other = pair.other(reader)
    lines = [
        f"# 1:1s: {reader.name} and {other.name}",
        "",
        f"Exported by {reader.name} on {now.astimezone(zone):%d %B %Y, %H:%M} ({reader.timezone}).",
        "Private notes and private talking points in this file are the exporter's own; nobody else's are included.",
    ]
    if open_items:  # some were agreed outside any 1:1 (a career plan's commitments)
        lines += ["", "## Open action items", ""]
        lines += [_item_line(item) for item in open_items]
    for chapter in chapters:
        lines += ["", *_chapter(chapter, pair, reader, zone)]
    return "\n".join(lines) + "\n"


def _chapter(chapter: Chapter, pair: Pair, reader: Person, zone: ZoneInfo) -> list[str]:
    occurrence = chapter.occurrence
    lines = [
        f"## {occurrence.start.astimezone(zone):%A %d %B %Y, %H:%M}: {occurrence.display_state}"
    ]
    if occurrence.outcome_note:
        lines.append(f"> {occurrence.outcome_note}")
    if chapter.points:
        lines += ["", "### Agenda"]
        for point in chapter.points:
            box = "x" if point.is_discussed else " "
            who = "me" if point.author_id == reader.pk else point.author.name
            private = ", private" if point.is_private else ""
            lines.append(f"- [{box}] {point.text} ({who}{private})")
    if chapter.shared_note and chapter.shared_note.body.strip():
        lines += ["", "### Shared notes", "", chapter.shared_note.body.strip()]
    if chapter.private_note and chapter.private_note.body.strip():
        lines += ["", "### My private notes", "", chapter.private_note.body.strip()]
    if chapter.actions:
        lines += ["", "### Action items"]
        lines += [_item_line(item) for item in chapter.actions]
    return lines


def _item_line(item: ActionItem) -> str:
    box = "x" if item.is_done else " "
    due = f", due {item.due_on:%d %b %Y}" if item.due_on else ""
    return f"- [{box}] {item.text} ({item.owner.name}{due})"
