"""The off-topic guard's words on a talking point, for the agenda's templates."""

from django import template

from showup.agendas.guard import KIND_LABELS, WHERE_IT_BELONGS

register = template.Library()


@register.filter
def nudge_label(point: object) -> str:
    return KIND_LABELS.get(getattr(point, "off_topic_kind", ""), "")


@register.filter
def nudge_advice(point: object) -> str:
    return WHERE_IT_BELONGS.get(getattr(point, "off_topic_kind", ""), "")
