"""Rules about reporting lines that hold however the change arrives (form, import, command)."""

from collections.abc import Hashable, Mapping
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)


def reporting_cycle(
    manager_of: Mapping[Key, Key | None], person: Key, new_manager: Key | None
) -> list[Key] | None:
    """The loop that `person` reporting to `new_manager` would close, or None.

    `manager_of` maps each person's key to their manager's key. The loop is
    returned from `person` round to `person`, e.g. [a, b, c, a].
    """
    chain: list[Key] = [person]
    current = new_manager
    seen: set[Key] = {person}
    while current is not None:
        chain.append(current)
        if current == person:
            return chain
        if current in seen:
            return None  # an older loop elsewhere; not this person's doing
        seen.add(current)
        current = manager_of.get(current)
    return None


def describe_cycle(names: list[str]) -> str:
    return " → ".join(names)
