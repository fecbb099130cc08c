"""The guard nudges a point exactly when its probability reaches the model's own threshold.

The model's scores are set by hand (its words are not what is tested here),
and each point is added through the API as a person would, which answers with
the nudge its author sees.
"""

import math
from collections.abc import Callable
from typing import Any

import pytest

from showup.agendas import guard
from tests.api_world import ApiWorld, api_world

THRESHOLD = guard.model().threshold


def _probability(score: float) -> float:
    return 1 / (1 + math.exp(-score))


def _lowest_score_reaching(threshold: float) -> float:
    """The smallest catch-up score whose probability is at least the threshold, to the last bit."""
    score = math.log(threshold / (1 - threshold))
    while _probability(score) < threshold:
        score = math.nextafter(score, math.inf)
    while _probability(math.nextafter(score, -math.inf)) >= threshold:
        score = math.nextafter(score, -math.inf)
    return score


AT = _lowest_score_reaching(THRESHOLD)
SCORES: dict[str, float] = {
    "just below": math.nextafter(AT, -math.inf),
    "at": AT,
    "just above": math.nextafter(AT, math.inf),
    "halfway to one half": math.log(((0.5 + THRESHOLD) / 2) / (1 - (0.5 + THRESHOLD) / 2)),
}
NUDGED = {"just below": False, "at": True, "just above": True, "halfway to one half": False}


@pytest.fixture
def world(db: None) -> ApiWorld:
    return api_world()


@pytest.fixture
def scored(monkeypatch: pytest.MonkeyPatch) -> Callable[[float], None]:
    def set_score(catch_up: float) -> None:
        per_kind = [float(rank) for rank in range(len(guard.model().kinds))]

        def weigh(self: Any, text: str) -> tuple[list[float], float]:
            # Every feature known, so that the score alone decides.
            return [catch_up, *per_kind, *[0.0] * len(self.purposes)], 1.0

        monkeypatch.setattr(guard.Model, "weigh", weigh)

    return set_score


def test_the_threshold_is_the_models_own_and_not_one_half() -> None:
    assert 0.5 < THRESHOLD < 1
    assert _probability(SCORES["halfway to one half"]) < THRESHOLD


@pytest.mark.parametrize("where", list(NUDGED))
def test_a_point_is_nudged_exactly_from_the_threshold_on(
    world: ApiWorld, scored: Callable[[float], None], where: str
) -> None:
    scored(SCORES[where])
    assert (_probability(SCORES[where]) >= THRESHOLD) is NUDGED[where]
    added = world.client("report").send(
        "post", f"/api/v1/occurrences/{world.next.pk}/points", {"text": f"Point {where}"}
    )
    assert added.status_code == 201
    assert (added.json()["nudge"] is not None) is NUDGED[where]
