from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Signing in and out, passwords, invitations, and throttling of wrong passwords."""

    name = "showup.accounts"
    label = "accounts"
