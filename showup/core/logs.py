"""Log filters. Secrets in URLs (feed tokens, one-time links) and search terms never reach a log."""

import logging
import re

# Any URL path segment or query value that looks like a random token: long runs
# of URL-safe characters. Person ids, dates and slugs are far shorter.
SECRET_IN_PATH = re.compile(r"(?<=/)[A-Za-z0-9_\-:]{20,}(?=[/?#.\s\"']|$)")
# Search terms are 1:1 content: what someone looked for says what their 1:1s hold.
# Single sign-on answers carry a one-time code, a state and, on sign-out, the ID token.
SECRET_IN_QUERY = re.compile(
    r"(?i)\b(token|key|sig|signature|q|query|code|state|nonce|id_token_hint)=[^&\s\"']+"
)
REDACTED = "[redacted]"


def redact(text: str) -> str:
    text = SECRET_IN_PATH.sub(REDACTED, text)
    return SECRET_IN_QUERY.sub(lambda match: f"{match.group(1)}={REDACTED}", text)


class RedactSecrets(logging.Filter):
    """Rewrites each record's message with tokens replaced, then lets it through."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        return True
