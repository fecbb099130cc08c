from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Signing in and out, passwords, invitations, and throttling of wrong passwords."""

    name = "showup.accounts"
    label = "accounts"

    def ready(self) -> None:
        from showup.accounts import receivers  # noqa: F401 -- tells an old address of a new one
