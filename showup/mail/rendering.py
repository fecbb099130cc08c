"""Renders an e-mail from three templates: subject, plain text and HTML."""

from dataclasses import dataclass

from django.template.loader import render_to_string


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


def render_mail(template_prefix: str, context: dict[str, object]) -> RenderedMail:
    """`template_prefix` such as "accounts/mail/invitation" names three templates."""
    subject = render_to_string(f"{template_prefix}_subject.txt", context)
    return RenderedMail(
        subject=" ".join(subject.split()),
        text=render_to_string(f"{template_prefix}.txt", context).strip() + "\n",
        html=render_to_string(f"{template_prefix}.html", context),
    )
