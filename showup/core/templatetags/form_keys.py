"""`{% csrf_token %}` also writes the form's one-time key (see core/resend.py).

Registered as a template builtin, so every POST form that carries a CSRF token
carries a fresh key too, and no form can forget it.
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
        key = format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_key())
        return mark_safe(csrf + key)  # noqa: S308 -- Django's own CSRF input and an escaped key


@register.tag("csrf_token")
def csrf_token(parser: Parser, token: Token) -> FormKeysNode:
    return FormKeysNode()
