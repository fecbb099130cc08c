"""The IANA time zones a person may pick."""

import functools
import zoneinfo
from datetime import UTC, date, datetime


@functools.cache
def timezone_names() -> frozenset[str]:
    # Legacy aliases such as "US/Eastern" stay accepted, but the picker offers
    # only the canonical Area/City names.
    return frozenset(zoneinfo.available_timezones())


@functools.cache
def timezone_choices() -> list[tuple[str, str]]:
    canonical = sorted(
        name
        for name in timezone_names()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/"))
    )
    return [("UTC", "UTC"), *((name, name.replace("_", " ")) for name in canonical)]


def is_timezone(name: str) -> bool:
    return name in timezone_names()


def timezone_suggestions(*, on: date | None = None) -> list[tuple[str, str]]:
    """The picker's list: sorted by UTC offset (on `on`, daylight saving included), then by city."""
    return _suggestions(on or datetime.now(UTC).date())


@functools.lru_cache(maxsize=2)
def _suggestions(on: date) -> list[tuple[str, str]]:
    noon = datetime(on.year, on.month, on.day, 12, tzinfo=UTC)
    rows = []
    for name, _label in timezone_choices():
        offset = noon.astimezone(zoneinfo.ZoneInfo(name)).utcoffset()
        minutes = int(offset.total_seconds() // 60) if offset is not None else 0
        sign = "+" if minutes >= 0 else "-"
        hours, rest = divmod(abs(minutes), 60)
        place = name.rsplit("/", 1)[-1].replace("_", " ")
        region = name.split("/", 1)[0] if "/" in name else ""
        label = f"UTC{sign}{hours:02}:{rest:02} · {place}" + (f" ({region})" if region else "")
        rows.append((minutes, place, name, label))
    return [(name, label) for _minutes, _place, name, label in sorted(rows)]
