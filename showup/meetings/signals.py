"""Signals other apps listen to, so that meetings need not know about agendas or notes."""

from django.dispatch import Signal

# Sent with `series` and `occurrences` (a queryset) just before scheduled
# occurrences are removed from a paused, ended or changed series, so that
# content hanging off them can move on to the pair's next 1:1.
occurrences_dropping = Signal()
