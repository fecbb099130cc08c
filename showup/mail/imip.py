"""E-mails that carry a calendar invitation (iMIP, RFC 6047).

Calendars differ in where they look for the invitation, so it goes twice, as
interoperability testing by CalConnect recommends: as a `text/calendar` part
beside the text and HTML (Gmail, Apple Mail, Thunderbird), and as an `.ics`
attachment (clients that only read attachments). The `method` parameter must
repeat the iCalendar object's METHOD, or Outlook and others ignore the part.
"""

from typing import Any

from django.core.mail import EmailMultiAlternatives

CALENDAR_TYPE = "text/calendar"
# Older Outlook versions decide by this header that a message is a meeting request.
OUTLOOK_HEADERS = {"Content-Class": "urn:content-classes:calendarmessage"}


def calendar_method(ics: str) -> str:
    """The iTIP method (REQUEST, CANCEL) an iCalendar object declares."""
    for line in ics.splitlines():
        if line.upper().startswith("METHOD:"):
            return line.split(":", 1)[1].strip().upper()
    raise ValueError("An invitation needs a METHOD.")


class InvitationEmail(EmailMultiAlternatives):
    """Text, HTML and the invitation as alternatives, and the invitation again as `invite.ics`."""

    def __init__(self, *, ics: str, html: str, **kwargs: Any) -> None:
        kwargs["headers"] = {**kwargs.get("headers", {}), **OUTLOOK_HEADERS}
        super().__init__(**kwargs)
        self.method = calendar_method(ics)
        if html:
            self.attach_alternative(html, "text/html")
        # Last among the alternatives: the richest, which calendar-aware clients act on.
        self.attach_alternative(ics, CALENDAR_TYPE)
        # text/calendar, not application/ics: Outlook treats the latter as a file to import,
        # a second copy of the event; as text/calendar it is the same invitation again.
        self.attach("invite.ics", ics, CALENDAR_TYPE)

    def message(self, **kwargs: Any) -> Any:
        message = super().message(**kwargs)
        for part in message.walk():
            if part.get_content_type() == CALENDAR_TYPE:
                part.set_param("method", self.method, requote=False)
        return message
