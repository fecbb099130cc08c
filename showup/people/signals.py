"""Signals the people app sends, for the apps above it (accounts tells the old address)."""

from django.dispatch import Signal

# Sent with `person`, `old_email` and `by` (the admin, or None for the identity
# provider) after a person's e-mail changed and their sessions ended.
person_email_changed = Signal()
