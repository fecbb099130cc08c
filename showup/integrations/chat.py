"""Reminders in Slack or Microsoft Teams, through the incoming-webhook URL a person pasted in.

The message says what the e-mail says, with the same links (the one-click
answers are the very same signed links, so a click in either place answers
once). Slack gets Block Kit blocks; Teams gets an Adaptive Card in the
"message" envelope that Workflows webhooks (and the older connectors) take.
Times are written on the person's own clock.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import formats, timezone

from showup.integrations.delivery import delivery_queue_chat
from showup.integrations.models import ChatHook
from showup.integrations.targets import target_refusal
from showup.people.models import Person

Product = ChatHook.Product
SLACK_HOSTS = ("hooks.slack.com",)
# Workflows webhooks (Power Automate) and the older Office 365 connectors.
TEAMS_HOST_ENDINGS = (
    ".webhook.office.com",
    ".logic.azure.com",
    ".powerautomate.com",
    ".powerplatform.com",
)
ANSWERS = (("held", "We held it"), ("skipped", "We skipped it"), ("reschedule", "Find a new time"))


@dataclass(frozen=True)
class ChatMessage:
    """What a reminder says, in any product: a title, lines of text, and link buttons."""

    title: str
    lines: list[str]
    buttons: list[tuple[str, str]]


def chat_url_refusal(*, product: str, url: str) -> str:
    """Why `url` cannot be used for `product`, in words for the person who pasted it; "" if it can."""
    refusal = target_refusal(url)
    if refusal:
        return refusal
    host = (urlsplit(url.strip()).hostname or "").lower()
    if settings.OUTBOUND_ALLOW_PRIVATE and host in ("127.0.0.1", "localhost", "::1"):
        return ""  # a local receiver, for tests and development
    if product == Product.SLACK and host not in SLACK_HOSTS:
        return "That is not a Slack incoming-webhook URL: it starts with https://hooks.slack.com/services/."
    if product == Product.TEAMS and not host.endswith(TEAMS_HOST_ENDINGS):
        return "That is not a Microsoft Teams webhook URL: copy the one your Teams workflow (or connector) shows."
    return ""


def _when(start: datetime, person: Person) -> str:
    with timezone.override(ZoneInfo(person.timezone)):
        local = timezone.localtime(start)
        return f"{formats.date_format(local, 'l j F')} at {local:%H:%M} ({person.timezone})"


def _before(person: Person, context: dict[str, object]) -> ChatMessage:
    """Counts and a link, never the agenda's words: an incoming webhook may post to a channel
    that people outside the 1:1 read, where the e-mail goes to one mailbox."""
    occurrence = context["occurrence"]
    other = context["other"]
    points = len(list(context.get("points") or []))  # type: ignore[call-overload]
    actions = len(list(context.get("actions") or []))  # type: ignore[call-overload]
    lines = [
        f"Your 1:1 with {other.name} is on {_when(occurrence.start, person)}.",  # type: ignore[attr-defined]
        f"On the shared agenda: {_count(points, 'talking point')}; open actions: {actions}.",
    ]
    return ChatMessage(
        title=f"1:1 with {other.name}",  # type: ignore[attr-defined]
        lines=lines,
        buttons=[("Open the 1:1", str(context["url"]))],
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _after(person: Person, context: dict[str, object]) -> ChatMessage:
    occurrence = context["occurrence"]
    other = context["other"]
    links: dict[str, str] = context["links"]  # type: ignore[assignment]
    return ChatMessage(
        title=f"Did your 1:1 with {other.name} happen?",  # type: ignore[attr-defined]
        lines=[
            f"Nobody has said yet whether your 1:1 with {other.name} on "  # type: ignore[attr-defined]
            f"{_when(occurrence.start, person)} took place. One click answers."  # type: ignore[attr-defined]
        ],
        buttons=[(label, links[action]) for action, label in ANSWERS]
        + [("Open the 1:1", str(context["url"]))],
    )


BUILDERS = {"before": _before, "after": _after}


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_message(message: ChatMessage) -> dict[str, object]:
    """Block Kit: a header, the text, and link buttons (with a plain-text fallback for notifications)."""
    return {
        "text": message.title,
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": message.title[:150]}},
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": _slack_escape("\n".join(message.lines))[:3000]},
            },
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": label},
                        "url": url,
                        "action_id": f"link-{number}",
                    }
                    for number, (label, url) in enumerate(message.buttons)
                ],
            },
        ],
    }


def teams_message(message: ChatMessage) -> dict[str, object]:
    """An Adaptive Card in the "message" envelope, with Action.OpenUrl buttons."""
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {
                "type": "TextBlock",
                "text": message.title,
                "weight": "Bolder",
                "size": "Medium",
                "wrap": True,
            },
            *(
                {"type": "TextBlock", "text": line, "wrap": True, "spacing": "Small"}
                for line in message.lines
            ),
        ],
        "actions": [
            {"type": "Action.OpenUrl", "title": label, "url": url}
            for label, url in message.buttons
        ],
    }
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card,
            }
        ],
    }


FORMATS = {Product.SLACK: slack_message, Product.TEAMS: teams_message}


def chat_queue_reminder(*, person: Person, template: str, context: dict[str, object]) -> bool:
    """Queues the reminder for the person's chat too, if they set one up; True when queued."""
    builder = BUILDERS.get(template)
    hook = ChatHook.objects.filter(person=person).first() if builder else None
    if builder is None or hook is None:
        return False
    message = FORMATS[Product(hook.product)](builder(person, context))
    delivery_queue_chat(hook=hook, event=f"reminder.{template}", message=message)
    return True


def chat_test_message(hook: ChatHook) -> dict[str, object]:
    message = ChatMessage(
        title="Showup is connected",
        lines=["Your 1:1 reminders will arrive here too."],
        buttons=[("Open Showup", settings.BASE_URL + "/")],
    )
    return FORMATS[Product(hook.product)](message)
