"""`{% csrf_token %}` also writes the page's one-time key (see core/resend.py).

Registered as a template builtin, so every POST form that carries a CSRF token
carries the key too, and no form can forget it. One key serves all the forms
of a page: the claim binds it to the path and the fields sent, so two forms
never share a claim, while a resend of one form matches its first send.
"""

from django import template
from django.template.base import Parser, Token
from django.template.context import Context
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from showup.core.resend import FIELD, new_key

register = template.Library()


class FormKeysNode(template.Node):
    def render(self, context: Context) -> str:
        csrf = CsrfTokenNode().render(context)
        if not csrf:
            return csrf
        key = format_html('<input type="hidden" name="{}" value="{}">', FIELD, page_key(context))
        return mark_safe(csrf + key)  # noqa: S308 -- Django's own CSRF input and an escaped key


def page_key(context: Context) -> str:
    """The key of the page being rendered, made at its first form."""
    request = context.get("request")
    if request is None:
        return new_key()
    if not hasattr(request, "showup_page_key"):
        request.showup_page_key = new_key()
    return str(request.showup_page_key)


@register.tag("csrf_token")
def csrf_token(parser: Parser, token: Token) -> FormKeysNode:
    return FormKeysNode()
