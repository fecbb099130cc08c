from django.dispatch import Signal

# Sent with `point` and `change` ("added", "edited" or "removed") when a
# talking point is added, reworded or removed.
agenda_changed = Signal()
