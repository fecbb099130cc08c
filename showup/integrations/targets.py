"""Where Showup may send a webhook or a chat message: checked when a URL is given, and again at each delivery.

The rule is core's outbound rule (showup/core/outbound.py), the same one
CalDAV and the sign-in provider go through; this module names it for the
integrations and sends their POSTs. A delivery never follows a redirect: the
receiver's answer, a 3xx included, is what it recorded.
"""

from django.conf import settings

from showup.core.outbound import MAX_URL, outbound_request
from showup.core.outbound import OutboundRefused as TargetRefused
from showup.core.outbound import OutboundUnreachable as TargetUnreachable
from showup.core.outbound import outbound_refusal as target_refusal
from showup.core.outbound import outbound_target as target_check

# The names the integrations, their forms and their tests use.
__all__ = ["MAX_URL", "TargetRefused", "TargetUnreachable", "target_check", "target_refusal"]

ANSWER_READ = 64 * 1024  # a receiver's answer is only read to free the connection


def post_json(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POSTs `body` to the vetted address of `url`; returns the status code. Redirects are not followed."""
    answer = outbound_request(
        "POST",
        url,
        body=body,
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Showup-Webhooks/1",
            **headers,
        },
        timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
        redirects=0,
        max_body=ANSWER_READ,
    )
    return answer.status
