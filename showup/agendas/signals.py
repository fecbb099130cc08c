from django.dispatch import Signal

# Sent with `point` when a talking point is added, reworded or removed.
agenda_changed = Signal()
