"""The “who can read this page” note, in words for the reader."""

from showup.meetings.models import Pair
from showup.people.models import Person


def pair_readers(pair: Pair, person: Person) -> list[str]:
    other = pair.other(person)
    return [
        f"Schedule, agenda, shared notes and actions: you and {other.first_name}, nobody else.",
        "Your private notes and private talking points: you alone. Not even admins can open them.",
        "Managers above you and admins see counts only (held, skipped, cancelled), never content.",
    ]
