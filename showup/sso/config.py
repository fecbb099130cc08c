"""The single sign-on configuration, read from settings (environment variables, docs/sso.md)."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class SsoSettings:
    issuer: str
    client_id: str
    client_secret: str
    allowed_domains: tuple[str, ...]
    email_claim: str
    email_verified_claim: str
    name_claim: str
    button_label: str
    scopes: str
    create_people: bool
    break_glass_email: str
    timeout: int

    @property
    def configured(self) -> bool:
        return bool(self.issuer and self.client_id)


def sso_settings() -> SsoSettings:
    return SsoSettings(
        issuer=settings.SSO_ISSUER,
        client_id=settings.SSO_CLIENT_ID,
        client_secret=settings.SSO_CLIENT_SECRET,
        allowed_domains=tuple(domain.lower() for domain in settings.SSO_ALLOWED_DOMAINS),
        email_claim=settings.SSO_EMAIL_CLAIM,
        email_verified_claim=settings.SSO_EMAIL_VERIFIED_CLAIM,
        name_claim=settings.SSO_NAME_CLAIM,
        button_label=settings.SSO_BUTTON_LABEL,
        scopes=settings.SSO_SCOPES,
        create_people=settings.SSO_CREATE_PEOPLE,
        break_glass_email=settings.SSO_BREAK_GLASS_EMAIL.strip().lower(),
        timeout=settings.SSO_TIMEOUT_SECONDS,
    )


def settings_problems(config: SsoSettings) -> list[str]:
    """What is wrong with the variables themselves, before asking the provider anything."""
    if not config.issuer:
        return []
    problems = []
    if not config.client_id:
        problems.append("SHOWUP_SSO_CLIENT_ID is not set: the provider cannot tell Showup apart.")
    if not config.client_secret:
        problems.append(
            "SHOWUP_SSO_CLIENT_SECRET is not set: the provider will refuse to exchange "
            "the sign-in code for a token."
        )
    if issuer_in_the_clear(config.issuer):
        problems.append(
            f"SHOWUP_SSO_ISSUER ({config.issuer}) must start with https://: "
            "tokens must not travel in the clear. Plain http:// is accepted only for a "
            "provider on this machine (localhost, 127.0.0.1 or ::1), for trying Showup out. "
            "Until it is changed, sign-in through the provider is refused."
        )
    if "openid" not in config.scopes.split():
        problems.append("SHOWUP_SSO_SCOPES must include openid, or no ID token is issued.")
    if config.create_people and not config.allowed_domains:
        problems.append(
            "SHOWUP_SSO_CREATE_PEOPLE is on but SHOWUP_SSO_ALLOWED_DOMAINS is empty: "
            "anyone the provider knows would get an account. Name your company's domains."
        )
    return problems


def issuer_in_the_clear(issuer: str) -> bool:
    """An issuer reached without TLS over a network: refused at sign-in and on the status screen."""
    parts = urlsplit(issuer)
    return parts.scheme != "https" and parts.hostname not in LOOPBACK_HOSTS


def email_domain_allowed(config: SsoSettings, email: str) -> bool:
    """The part after the last @ must be one of the allowed domains exactly (no subdomains)."""
    if not config.allowed_domains:
        return True
    return email.rsplit("@", 1)[-1].lower() in config.allowed_domains
