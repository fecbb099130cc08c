from collections.abc import Sequence
from datetime import date

from django import template
from django.utils.safestring import SafeString

from showup.insights import charts
from showup.insights.selectors import TrendPoint
from showup.meetings.models import Occurrence

register = template.Library()


@register.simple_tag
def timeline_chart(occurrences: Sequence[Occurrence], since: date, until: date) -> SafeString:
    return charts.timeline_svg(occurrences, since=since, until=until)


@register.simple_tag
def trend_chart(
    check_ins: Sequence[TrendPoint], ratings: Sequence[TrendPoint], since: date, until: date
) -> SafeString:
    return charts.trend_svg({"check-in": check_ins, "rating": ratings}, since=since, until=until)


@register.simple_tag
def rating_sparkline(ratings: Sequence[TrendPoint], since: date, until: date) -> SafeString:
    return charts.trend_svg({"rating": ratings}, since=since, until=until, height=70, width=320)


@register.filter
def share_bar(share: float | None) -> SafeString:
    return charts.bar(share)


@register.filter
def percent(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


@register.filter
def score(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


@register.filter
def get(mapping: dict[object, list[object]], key: object) -> list[object]:
    return mapping.get(key, [])
