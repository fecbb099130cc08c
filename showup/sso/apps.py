from django.apps import AppConfig


class SsoConfig(AppConfig):
    """Single sign-on with OpenID Connect, and the company's rule on passwords."""

    name = "showup.sso"
    label = "sso"
