from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    """Feedback both ways between the two people of a pair, and the register of what is harder than it should be."""

    name = "showup.feedback"
    label = "feedback"
