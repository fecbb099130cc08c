"""The off-topic guard: does a talking point look like work catch-up rather than a 1:1 topic?

A 1:1 is for the person: feedback, growth, wellbeing, the relationship, and
what makes work harder than it should be. Catching up on the work itself
belongs elsewhere, in every line of work: a status update, reviewing a piece
of work (a pull request, a deck, a contract redline), going through a queue
item by item (tickets, leads, invoices), or planning who does which task.

The verdict comes from two logistic regressions over the point's words and
letter n-grams (`guard_features.py`), learned with scikit-learn from the
labelled corpus in `corpus/` by `python -m showup.agendas.train`: one says
whether the point is catch-up, the other which kind. Their weights are in
`data/guard-model.json`; the app reads them and adds them up, so judging a
point needs neither scikit-learn nor the network and takes under a
millisecond (`python -m bench.agenda_guard` times it). The training script sets the threshold by cross-validation so
that real 1:1 topics are rarely nudged: a wrong nudge costs more than a
missed one.
"""

import json
import math
from array import array
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from showup.agendas.guard_features import features

KINDS = ("status-update", "work-review", "triage", "task-planning")
MODEL_PATH = Path(__file__).resolve().parent / "data" / "guard-model.json"
# Below this share of its features known to the model, a point is not judged at all.
# The shipped languages' blind points know 15 % at the least, and the median 87 %;
# a script the corpus never saw knows none.
MIN_KNOWN = 0.1

KIND_LABELS = {
    "status-update": "a status update",
    "work-review": "a review of a piece of work",
    "triage": "triaging a queue",
    "task-planning": "task planning",
}
WHERE_IT_BELONGS = {
    "status-update": "Progress and numbers travel better in the team's stand-up, channel or a written update, so your 1:1 can be about you.",
    "work-review": "A piece of work is best reviewed where it lives: comments on the draft, the document or the pull request, or a review with the people involved.",
    "triage": "Going through tickets, cases, leads or invoices one by one belongs in the team's triage or queue review.",
    "task-planning": "Who does which task, and by when, belongs in the team's planning meeting or on its board.",
}


@dataclass(frozen=True)
class Model:
    """The trained weights: per feature, its idf and its weight in each score.

    Score 0 says catch-up (a logistic regression's log-odds), the others one
    per kind. Features are weighed as scikit-learn's TfidfTransformer does on
    binary counts: idf, then the vector scaled to unit length. The numbers sit
    in one flat array, a row per feature (`places` finds it): ten languages'
    features as lists of floats cost every process 18 MB, this about 10.
    """

    threshold: float
    kinds: tuple[str, ...]
    # The purposes a 1:1 topic may serve, a score each after the kinds'.
    purposes: tuple[str, ...]
    intercepts: tuple[float, ...]
    places: dict[str, int]
    rows: array

    @classmethod
    def from_json(cls, data: dict[str, object]) -> "Model":
        features: dict[str, list[float]] = data["features"]  # type: ignore[assignment]
        return cls(
            threshold=float(data["threshold"]),  # type: ignore[arg-type]
            kinds=tuple(data["kinds"]),  # type: ignore[arg-type]
            purposes=tuple(data.get("purposes") or ()),  # type: ignore[arg-type]
            intercepts=tuple(data["intercepts"]),  # type: ignore[arg-type]
            places={name: place for place, name in enumerate(features)},
            rows=array("d", (number for row in features.values() for number in row)),
        )

    def weigh(self, text: str) -> tuple[list[float], float]:
        """The scores, and the share of the point's features the model knows."""
        width = len(self.intercepts) + 1
        found = set(features(text))
        starts = [self.places[name] * width for name in found if name in self.places]
        rows = self.rows
        norm = math.sqrt(sum(rows[start] ** 2 for start in starts)) or 1.0
        scores = [
            intercept + sum(rows[start] * rows[start + index] for start in starts) / norm
            for index, intercept in enumerate(self.intercepts, start=1)
        ]
        return scores, len(starts) / len(found) if found else 1.0

    def catch_up(self, text: str) -> tuple[float, list[float]]:
        """How likely `text` is catch-up, and its scores; 0 when the model cannot read it.

        A point in a script or language the corpus lacks (Russian, Hindi, Korean) shares
        almost no feature with it, and its score would be the intercept alone: a nudge for
        every such point. A wrong nudge costs more than a missed one, so it is left alone.
        """
        scores, known = self.weigh(text)
        if known < MIN_KNOWN:
            return 0.0, scores
        return 1 / (1 + math.exp(-scores[0])), scores

    def kind_of(self, scores: list[float]) -> str:
        return _best(self.kinds, scores[1 : 1 + len(self.kinds)])

    def purpose_of(self, scores: list[float]) -> str:
        """The purpose a 1:1 topic serves most likely; "other" from a model that learned none."""
        return _best(self.purposes, scores[1 + len(self.kinds) :]) if self.purposes else "other"

    def __len__(self) -> int:
        return len(self.places)


def _best(names: tuple[str, ...], scores: list[float]) -> str:
    return max(zip(names, scores, strict=True), key=lambda named: named[1])[0]


@cache
def model() -> Model:
    return Model.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Verdict:
    """Catch-up or not, which kind if so, and how sure: the probability that it is catch-up."""

    off_topic: bool
    kind: str | None
    probability: float

    @property
    def advice(self) -> str:
        return WHERE_IT_BELONGS.get(self.kind or "", "")

    def as_json(self, text: str) -> dict[str, object]:
        return {"text": text, "off_topic": self.off_topic, "kind": self.kind}


def judge(text: str) -> Verdict:
    """Whether `text` looks like work catch-up, and which kind."""
    if not text.strip():
        return Verdict(off_topic=False, kind=None, probability=0.0)
    trained = model()
    probability, scores = trained.catch_up(text)
    if probability < trained.threshold:
        return Verdict(off_topic=False, kind=None, probability=probability)
    return Verdict(off_topic=True, kind=trained.kind_of(scores), probability=probability)


# What a 1:1 topic can serve, as the corpus labels it (its README says how).
TOPIC_PURPOSES = ("feedback", "performance", "career", "wellbeing", "process", "other")
PURPOSES = {
    "feedback": "Feedback, both ways",
    "performance": "Performance",
    "career": "Career and roadmap",
    "wellbeing": "Relationship and wellbeing",
    "process": "Process and blockers",
    "catch-up": "Work catch-up",
    "other": "Other",
}


def purpose(text: str) -> str:
    """Which of the article's purposes a talking point serves: catch-up, or the one the model
    learned from the corpus's labelled 1:1 topics (`corpus/purposes/`), in every language."""
    if not text.strip():
        return "other"
    trained = model()
    probability, scores = trained.catch_up(text)
    if probability >= trained.threshold:
        return "catch-up"
    return trained.purpose_of(scores)
