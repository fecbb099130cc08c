from django.dispatch import Signal

# Sent with `question` when a person's calendar did something Showup will not
# decide for them (a date deleted, a change on both sides), so they hear of it.
question_asked = Signal()
