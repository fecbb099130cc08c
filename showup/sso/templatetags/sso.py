from typing import Any

from django import template

from showup.sso.config import sso_settings
from showup.sso.policy import sso_policy

register = template.Library()


@register.inclusion_tag("sso/_sign_in_options.html", takes_context=True)
def sso_sign_in_options(context: dict[str, Any]) -> dict[str, Any]:
    """The provider's button on the sign-in page, and a word when passwords are switched off."""
    config = sso_settings()
    return {
        "configured": config.configured,
        "label": config.button_label,
        "required": config.configured and sso_policy().sso_required,
        "next": context.get("next", ""),
    }


@register.inclusion_tag("sso/_passwords_off.html")
def sso_passwords_off_notice() -> dict[str, Any]:
    """On the password reset page: with SSO required, only the break-glass admin gets a link."""
    config = sso_settings()
    return {"required": sso_policy().sso_required, "label": config.button_label}
