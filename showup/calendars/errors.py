class CalendarError(Exception):
    """A calendar could not be reached or read; the message is safe to show to its owner."""
