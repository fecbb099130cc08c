"""The demo is built by these steps, in order. Each later part of Showup adds its own step."""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from showup.demo.context import DemoContext
from showup.demo.conversations import build_conversations
from showup.demo.growth import build_growth
from showup.demo.meetings import build_meetings
from showup.demo.organisation import build_people
from showup.demo.pulse import build_pulse
from showup.insights.rollups import rollups_paused

BUILDERS: list[Callable[[DemoContext], None]] = [
    build_people,
    build_meetings,
    build_conversations,
    build_growth,
    build_pulse,
]


@transaction.atomic
def demo_build() -> DemoContext:
    context = DemoContext(now=timezone.now())
    with rollups_paused():  # the last step rebuilds them all at once
        for build in BUILDERS:
            build(context)
    return context
