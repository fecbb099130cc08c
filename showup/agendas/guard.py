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
import re
from array import array
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from showup.agendas.guard_features import features

KINDS = ("status-update", "work-review", "triage", "task-planning")
MODEL_PATH = Path(__file__).resolve().parent / "data" / "guard-model.json"

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
    intercepts: tuple[float, ...]
    places: dict[str, int]
    rows: array

    @classmethod
    def from_json(cls, data: dict[str, object]) -> "Model":
        features: dict[str, list[float]] = data["features"]  # type: ignore[assignment]
        return cls(
            threshold=float(data["threshold"]),  # type: ignore[arg-type]
            kinds=tuple(data["kinds"]),  # type: ignore[arg-type]
            intercepts=tuple(data["intercepts"]),  # type: ignore[arg-type]
            places={name: place for place, name in enumerate(features)},
            rows=array("d", (number for row in features.values() for number in row)),
        )

    def scores(self, text: str) -> list[float]:
        width = len(self.intercepts) + 1
        starts = [self.places[name] * width for name in set(features(text)) if name in self.places]
        rows = self.rows
        norm = math.sqrt(sum(rows[start] ** 2 for start in starts)) or 1.0
        return [
            intercept + sum(rows[start] * rows[start + index] for start in starts) / norm
            for index, intercept in enumerate(self.intercepts, start=1)
        ]

    def __len__(self) -> int:
        return len(self.places)


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
    scores = trained.scores(text)
    probability = 1 / (1 + math.exp(-scores[0]))
    if probability < trained.threshold:
        return Verdict(off_topic=False, kind=None, probability=probability)
    by_kind = dict(zip(trained.kinds, scores[1:], strict=True))
    return Verdict(
        off_topic=True, kind=max(by_kind, key=by_kind.__getitem__), probability=probability
    )


def words(*alternatives: str) -> str:
    return r"\b(?:" + "|".join(alternatives) + r")\b"


def normalise(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


# What a 1:1 topic is for, in the article's terms. The first purpose whose
# cues score highest names the point; a point judged catch-up is "catch-up".
PURPOSES = {
    "feedback": "Feedback, both ways",
    "performance": "Performance",
    "career": "Career and roadmap",
    "wellbeing": "Relationship and wellbeing",
    "process": "Process and blockers",
    "catch-up": "Work catch-up",
    "other": "Other",
}
PURPOSE_CUES: dict[str, list[str]] = {
    "feedback": [
        words(
            "feedback",
            r"comes? across",
            "harsh",
            r"thank\w*",
            "kudos",
            r"recogni[sz]\w*",
            r"appreciat\w*",
            "how i (?:ran|handled|did)",
            "do better",
            "what could i",
            "what can i do",
        )
    ],
    "performance": [
        words(
            "performance",
            "review cycle",
            r"expect\w*",
            "how am i doing",
            "on track",
            "doing against",
            r"goals?",
            "level",
            r"improv\w*",
            "strengths?",
        )
    ],
    "career": [
        words(
            "career",
            r"promot\w*",
            "grow",
            "growth",
            r"learn\w*",
            "course",
            "conference",
            r"mentor\w*",
            "manager track",
            "senior",
            "staff",
            "principal",
            "tech lead",
            "path",
            r"skills?",
            "development plan",
            "roadmap",
            "future",
            "next year",
            "strategy",
            "company goals",
            "role",
            "ownership",
            "lead",
        )
    ],
    "wellbeing": [
        words(
            "how are you",
            "really",
            r"feel\w*",
            r"stress\w*",
            r"burn\w*",
            "tired",
            "family",
            "vacation",
            "holiday",
            "health",
            "weekend",
            "life",
            "morale",
            "conflict",
            "colleague",
            "team dynamics",
            r"anxi\w*",
            r"worr\w*",
            "happy",
            "proud",
            "celebrate",
            "personal",
            "leave",
            "balance",
        )
    ],
    "process": [
        words(
            "process",
            "blocked",
            r"interrupt\w*",
            "meetings?",
            "slow",
            r"waste\w*",
            "workload",
            "on-call",
            "oncall",
            "harder than",
            "tooling",
            "ci",
            "flaky",
            "approvals",
            "priorities",
            r"reorg\w*",
            r"deploy\w*",
        )
    ],
}
COMPILED_PURPOSES = {
    purpose: [re.compile(pattern) for pattern in patterns]
    for purpose, patterns in PURPOSE_CUES.items()
}


def purpose(text: str) -> str:
    """Which of the article's purposes a talking point serves."""
    if judge(text).off_topic:
        return "catch-up"
    clean = normalise(text)
    scores = {
        name: sum(len(set(pattern.findall(clean))) for pattern in patterns)
        for name, patterns in COMPILED_PURPOSES.items()
    }
    best = max(scores, key=lambda name: scores[name])
    return best if scores[best] else "other"
