from django.dispatch import Signal

# Sent with `person`, `template` and `context` when a reminder e-mail is queued
# (once per reminder), so that it can also go where the person chats.
reminder_queued = Signal()
