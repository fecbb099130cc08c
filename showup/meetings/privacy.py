"""The “who can read this page” note, in words for the reader."""

from showup.meetings.models import Pair
from showup.people.models import Person


def pair_readers(pair: Pair, person: Person) -> list[str]:
    return readers_with(pair.other(person).first_name)


def readers_with(other_first_name: str) -> list[str]:
    return [
        f"Schedule, agenda, shared notes and actions: you and {other_first_name}, nobody else.",
        "Your private notes and private talking points: you alone. Not even admins can open them.",
        "Managers above you and admins see counts only (held, skipped, cancelled), never content.",
    ]


def feedback_readers(pair: Pair, person: Person) -> list[str]:
    other = pair.other(person)
    return [
        f"Feedback and blockers here: you and {other.first_name}, nobody else.",
        "Managers further up and admins cannot read them.",
    ]


def performance_readers(pair: Pair, person: Person) -> list[str]:
    if person.pk == pair.lead_id:
        member = pair.member.first_name
        return [
            f"Observations: you alone, until you mark one raised in a 1:1; then {member} reads it too.",
            f"Reviews: you alone, until you share one with {member}.",
            "Your own manager and admins never read these.",
        ]
    return [
        f"You see what {pair.lead.first_name} raised with you in a 1:1, and reviews once shared.",
        "Nobody else reads these: not managers further up, not admins.",
    ]


def career_readers(pair: Pair, person: Person) -> list[str]:
    return [
        f"Your career plan: you and {pair.other(person).first_name}. Nobody else, admins included."
    ]
