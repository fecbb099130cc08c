"""What single sign-on asks of the apps above it, which hold credentials of their own."""

from django.dispatch import Signal

# Sent with `now` and `except_person_id` (the break-glass admin's, or None):
# each receiver answers (what, how many) of the credentials made with a password
# that still work, such as API tokens. The admin is offered to stop them.
password_credentials_counted = Signal()

# Sent with the same arguments when the admin chose to stop them: each receiver
# stops its own and answers (what, how many).
password_credentials_revoke = Signal()
