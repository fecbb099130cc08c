"""Signals other apps listen to, so that meetings need not know about agendas or notes."""

from django.dispatch import Signal

# Sent with `series`, `occurrences` (a queryset) and `after` (the moment from
# which they go) just before scheduled occurrences are removed from a paused,
# ended or changed series, so that content hanging off them can move on to the
# pair's next 1:1 (a changed series' new dates exist by then).
occurrences_dropping = Signal()

# Sent with `occurrence` after its outcome was recorded (held, skipped,
# cancelled or missed), so that what was left undone can move on.
occurrence_outcome_recorded = Signal()

# Sent with `occurrence` after any change to it (an outcome, a move, an undo),
# so that numbers kept about it can be brought up to date.
occurrence_changed = Signal()

# Sent with `occurrence` and `by` when one person cancels a 1:1, and with
# `occurrence`, `by` and `move` when one moves it, so the other can be told.
occurrence_cancelled = Signal()
occurrence_moved = Signal()

# Sent with `occurrence` and `by` when a skipped or cancelled 1:1 is put back on.
occurrence_restored = Signal()

# Sent with `event` (a SeriesEvent) after a series was set up, proposed,
# accepted, declined, changed, paused, resumed or ended.
series_event_recorded = Signal()
