"""What a person is told when the provider's answer is refused, and the error that carries it."""

from showup.sso.models import Refusal

TRY_AGAIN = "Start again from the sign-in page."
ASK_ADMIN = "Ask your Showup admin."

MESSAGES = {
    Refusal.STATE: f"This sign-in was already used, has expired, or was started in another browser. {TRY_AGAIN}",
    Refusal.PROVIDER_ERROR: f"Your identity provider did not sign you in. {TRY_AGAIN}",
    Refusal.NOT_CONFIGURED: f"Single sign-on is not working right now. {ASK_ADMIN}",
    Refusal.TOKEN_EXCHANGE: f"Your identity provider refused to confirm this sign-in. {TRY_AGAIN}",
    Refusal.SIGNATURE: f"The answer from your identity provider was not signed with its key, so it cannot be trusted. {ASK_ADMIN}",
    Refusal.ISSUER: f"The answer came from a different identity provider than the one Showup trusts. {ASK_ADMIN}",
    Refusal.AUDIENCE: f"The answer from your identity provider was meant for another application. {ASK_ADMIN}",
    Refusal.EXPIRED: f"The answer from your identity provider has expired. {TRY_AGAIN}",
    Refusal.NONCE: f"The answer from your identity provider belongs to an earlier sign-in. {TRY_AGAIN}",
    Refusal.SUBJECT: f"Your identity provider described two different people. {ASK_ADMIN}",
    Refusal.EMAIL_MISSING: f"Your identity provider did not share your e-mail address. {ASK_ADMIN}",
    Refusal.EMAIL_UNVERIFIED: f"Your identity provider has not verified your e-mail address, so Showup cannot match it to an account. {ASK_ADMIN}",
    Refusal.DOMAIN: f"Your e-mail address is not in a domain this company signs in with. {ASK_ADMIN}",
    Refusal.UNKNOWN_PERSON: f"There is no Showup account for your e-mail address. {ASK_ADMIN}",
    Refusal.DEACTIVATED: f"Your Showup account is deactivated. {ASK_ADMIN}",
}


class SignInRefused(Exception):
    """The provider's answer does not let anyone in. Not a SuspiciousOperation: the view shows why."""

    def __init__(self, reason: Refusal) -> None:
        super().__init__(reason.label)
        self.reason = reason

    @property
    def message(self) -> str:
        return MESSAGES[self.reason]
