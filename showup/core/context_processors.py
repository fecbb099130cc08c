from functools import cache

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

# Where the frame of every page (base.html) links: its menu and the account's menu.
FRAME_LINKS = {
    "home": "pages:home",
    "feedback": "feedback:mine",
    "search": "history:search",
    "org_chart": "people:org-chart",
    "admin": "people_admin:manage",
    "calendar_feed": "meetings:calendar",
    "calendar_sync": "calendars:connection",
    "reminders": "notifications:settings",
    "api_tokens": "api:tokens",
    "chat": "integrations:chat",
    "webhooks": "integrations:webhooks",
    "password_change": "accounts:password-change",
    "sign_out": "accounts:sign-out",
}


@cache
def frame_links() -> dict[str, str]:
    """Reversed once per process, not once per link per page: the URLconf never changes
    while the process runs, and these fifteen reverses were a tenth of a kept page."""
    return {name: reverse(view) for name, view in FRAME_LINKS.items()}


def showup(request: HttpRequest) -> dict[str, object]:
    return {"base_url": settings.BASE_URL, "links": frame_links()}
