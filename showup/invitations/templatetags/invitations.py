from django import template

from showup.meetings.recurrence import describe_rule

register = template.Library()


@register.filter
def rule_words(rule: str) -> str:
    """A series' rule in plain words, to follow a colon ("every Tuesday"); a custom rule as it is."""
    words = describe_rule(rule)
    return words if words == rule else words[0].lower() + words[1:]
