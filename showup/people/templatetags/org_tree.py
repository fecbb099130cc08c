"""Renders the org chart tree in Python: a template include per person is too slow for 10,000 people."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from showup.people.selectors import OrgNode

register = template.Library()
OPEN_DEPTH = 2  # managers this close to the top start unfolded


@register.simple_tag
def org_tree(roots: list[OrgNode]) -> SafeString:
    return format_html('<ul class="tree" id="org-tree">{}</ul>', _items(roots, depth=0))


def _items(nodes: list[OrgNode], depth: int) -> SafeString:
    return mark_safe("".join(_item(node, depth) for node in nodes))  # noqa: S308 -- built with format_html


def _item(node: OrgNode, depth: int) -> str:
    person = node.person
    search = f"{person.name} {person.title} {person.email}".lower()
    card = format_html(
        '<a class="org-person" href="{}"><span class="avatar" aria-hidden="true">{}</span>'
        '<span><strong>{}</strong> <span class="title">{}</span></span></a>',
        reverse("pages:person", args=[person.pk]),
        person.initials,
        person.name,
        person.title,
    )
    if not node.children:
        return format_html('<li data-search="{}" class="leaf">{}</li>', search, card)
    children = sorted(node.children, key=lambda child: (not child.children, child.person.name))
    # The link stays out of <summary>: a link inside the toggle is two controls in one.
    return format_html(
        '<li data-search="{}">{}<details{}><summary>{} in team<span class="sr-only"> of {}</span>'
        "</summary><ul>{}</ul></details></li>",
        search,
        card,
        " open" if depth < OPEN_DEPTH else "",
        node.size - 1,
        person.name,
        _items(children, depth + 1),
    )
