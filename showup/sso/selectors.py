"""Reads for the admin's SSO status screen: facts about sign-ins, never a token or 1:1 content."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max

from showup.sso.config import SsoSettings, settings_problems
from showup.sso.discovery import DiscoveryProblem, discovery_document, signing_keys_problem
from showup.sso.models import Refusal, SsoEvent


@dataclass(frozen=True)
class RefusalCount:
    reason: str
    count: int
    last_at: Any


def last_sign_in() -> SsoEvent | None:
    return SsoEvent.objects.filter(succeeded=True).select_related("person").first()


def refusal_counts() -> list[RefusalCount]:
    """Refusals of the last 30 days (older ones are forgotten), most frequent first."""
    rows = (
        SsoEvent.objects.filter(succeeded=False)
        .values("reason")
        .annotate(count=Count("id"), last_at=Max("at"))
        .order_by("-count", "reason")
    )
    labels = dict(Refusal.choices)
    return [
        RefusalCount(labels.get(row["reason"], row["reason"]), row["count"], row["last_at"])
        for row in rows
    ]


def configuration_problems(*, config: SsoSettings, sso_required: bool) -> list[str]:
    """Everything that stops sign-in through the provider, each in words an admin can act on."""
    if not config.configured:
        if sso_required:
            return ["Single sign-on is required, but SHOWUP_SSO_ISSUER is not set."]
        return []
    problems = settings_problems(config)
    try:
        document = discovery_document(config, fresh=True)
    except DiscoveryProblem as problem:
        return [*problems, str(problem)]
    keys_problem = signing_keys_problem(document, config)
    if keys_problem:
        problems.append(keys_problem)
    if sso_required and not config.break_glass_email:
        problems.append(
            "SSO is required and SHOWUP_SSO_BREAK_GLASS_EMAIL is not set: if the provider "
            "fails, nobody can sign in."
        )
    return problems
