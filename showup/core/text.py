"""The one place where submitted text is judged before anything stores it.

Every request passes through `InputGuardMiddleware`, which refuses any value
carrying a control character (PostgreSQL cannot store NUL at all; the others
are invisible and break exports and e-mail) or longer than `MAX_ANY_TEXT`.
Each service then calls `clean_line` or `clean_block` with its own limit, so
a talking point, a note and a name are measured the same way on both
databases.
"""

import re

from django.core.exceptions import ValidationError

# C0 and C1 control characters, except tab, line feed and carriage return.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# No single submitted value is longer than the longest note allowed.
MAX_ANY_TEXT = 100_000

CONTROL_MESSAGE = (
    "The text contains an invisible control character (such as a NUL byte) that Showup "
    "cannot store. Remove it and send again; nothing was saved."
)


class TextError(ValueError):
    """Text that cannot be stored; the message says why, for the person who wrote it."""


def text_problem(value: str) -> str:
    """Why `value` may not be stored anywhere, or an empty string."""
    if CONTROL.search(value):
        return CONTROL_MESSAGE
    if len(value) > MAX_ANY_TEXT:
        return f"A text of {len(value):,} characters is far longer than Showup keeps; nothing was saved."
    return ""


def clean_line(value: str, *, max_length: int, what: str) -> str:
    """One line of text: whitespace folded, control characters refused, length enforced."""
    problem = text_problem(value)
    if problem:
        raise TextError(problem)
    cleaned = " ".join(value.split())
    if len(cleaned) > max_length:
        raise TextError(f"Keep {what} under {max_length:,} characters.")
    return cleaned


def clean_block(value: str, *, max_length: int, what: str) -> str:
    """Text with line breaks (notes, answers): kept as written, but checked the same way."""
    problem = text_problem(value)
    if problem:
        raise TextError(problem)
    if len(value) > max_length:
        raise TextError(f"Keep {what} under {max_length:,} characters; nothing was saved.")
    return value


def no_control_characters(value: str) -> None:
    """A form field validator: the same rule for every field of every form."""
    if isinstance(value, str) and CONTROL.search(value):
        raise ValidationError(CONTROL_MESSAGE, code="control_character")
