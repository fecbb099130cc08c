"""Signing deliveries the way Standard Webhooks does (https://www.standardwebhooks.com/).

The signature is HMAC-SHA256, keyed with the secret's bytes, over
"<webhook-id>.<webhook-timestamp>.<body>", sent base64-encoded as
"v1,<signature>". Receivers check it with any Standard Webhooks library.
"""

import base64
import hashlib
import hmac
import secrets

SECRET_PREFIX = "whsec_"  # noqa: S105  (the Standard Webhooks marker, not a secret)
SECRET_BYTES = 32


def secret_new() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def message_id_new() -> str:
    return "msg_" + secrets.token_urlsafe(18)


def signature(*, secret: str, message_id: str, timestamp: int, body: str) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_headers(*, secret: str, message_id: str, timestamp: int, body: str) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(
            secret=secret, message_id=message_id, timestamp=timestamp, body=body
        ),
    }
