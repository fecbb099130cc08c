"""The IANA time zones a person may pick."""

import functools
import zoneinfo


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
