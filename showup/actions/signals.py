"""Signals the actions app sends, so that what follows action items need not hook into its models."""

from django.dispatch import Signal

# Sent with `item` and `change` ("created" or "done") inside the change's transaction.
action_changed = Signal()
