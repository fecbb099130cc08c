from django.dispatch import Signal

# Sent with `review` once a review is shared with the report.
review_shared = Signal()
