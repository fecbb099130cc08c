"""What the demo builders share: the clock, a seeded random source, and what was built so far."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from random import Random

from showup.people.models import Person

HISTORY = timedelta(days=183)  # about six months of 1:1s


@dataclass
class DemoContext:
    now: datetime
    random: Random = field(default_factory=lambda: Random(20261123))
    people: dict[str, Person] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def start(self) -> datetime:
        return self.now - HISTORY
