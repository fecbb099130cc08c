"""The one rule for text Showup stores: what is refused, and what the writer is told.

`InputGuardMiddleware` applies `text_problem` to every submitted value before
any view runs, so a control character never reaches a query (PostgreSQL
cannot store NUL at all; SQLite would keep it and break exports and e-mail).
Services measure what they store with `text_refusal`, so a talking point, a
note or feedback is judged the same way from a page, a command or the demo,
on either database.
"""

import re

# C0 and C1 control characters, except tab, line feed and carriage return.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# No single submitted value may be longer than this: twice the longest text Showup
# keeps (a note, 50,000), so that the text's own rule can answer a writer who went a bit over.
MAX_ANY_TEXT = 100_000

CONTROL_MESSAGE = (
    "The text contains an invisible control character (such as a NUL byte) that Showup "
    "cannot store. Remove it and send again; nothing was saved."
)


def text_problem(value: str) -> str:
    """Why `value` may not be stored anywhere in Showup, or an empty string."""
    if CONTROL.search(value):
        return CONTROL_MESSAGE
    if len(value) > MAX_ANY_TEXT:
        return f"A text of {len(value):,} characters is far longer than Showup keeps; nothing was saved."
    return ""


def text_refusal(value: str, *, max_length: int, what: str) -> str:
    """Why `value` may not be stored as `what` (at most `max_length` characters), or an empty string."""
    problem = text_problem(value)
    if problem:
        return problem
    if len(value) > max_length:
        return f"Keep {what} under {max_length:,} characters."
    return ""
