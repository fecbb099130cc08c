class MeetingError(ValueError):
    """A change to a series or an occurrence that cannot be made; the message says why."""
