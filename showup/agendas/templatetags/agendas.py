"""The off-topic guard's words on a talking point, for the agenda's templates."""

from django import template

from showup.agendas.guard import KIND_LABELS, WHERE_IT_BELONGS
from showup.agendas.models import TalkingPoint
from showup.people.models import Person

register = template.Library()


@register.filter
def nudge_label(point: object) -> str:
    return KIND_LABELS.get(getattr(point, "off_topic_kind", ""), "")


@register.filter
def nudge_advice(point: object) -> str:
    return WHERE_IT_BELONGS.get(getattr(point, "off_topic_kind", ""), "")


@register.filter
def nudges(point: TalkingPoint, reader: Person) -> bool:
    """Whether the page nudges `reader` about this point: the model's one rule."""
    return bool(point.nudge_for(reader))
