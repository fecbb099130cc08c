"""Trains the off-topic guard from the labelled corpus, reproducibly.

    python -m showup.agendas.train           # writes showup/agendas/data/guard-model.json
    python -m showup.agendas.train --check   # fails if that file is not what the corpus gives

The corpus is every CSV file in `corpus/` (columns text, off_topic, kind,
family; the labels are defined in its README). Two logistic regressions are
fitted with scikit-learn over the features of `guard_features.py`, weighed by
tf-idf: catch-up or not, and which kind of catch-up. Each point is learned as
written and inside a few neutral FRAMES ("Quick one: ..."), so that how a
point is asked weighs less than what it is about. Every choice is made by
cross-validation on the corpus alone, stratified by line of work and label,
scoring each fold with the same code the app runs: each regression's strength,
and the threshold: of those at which no line of work has more than
FALSE_NUDGE_BUDGET of its 1:1 topics nudged, the one whose least accurate line
of work is most accurate (the lowest, on a tie). The same corpus always gives the same file,
byte for byte. Needs the dev dependencies (scikit-learn); the app does not.
"""

import argparse
import csv
import hashlib
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from showup.agendas.guard import KINDS, MODEL_PATH, TOPIC_PURPOSES, Model
from showup.agendas.guard_features import features

CORPUS = Path(__file__).resolve().parent / "corpus"
FOLDS = 5
SEED = 0
STRENGTHS = (3.0, 10.0, 30.0)
MIN_ROWS = 3  # a feature seen in fewer points is noise, and makes the file bigger
# The most 1:1 topics a threshold may nudge in the worst family, cross-validated. It
# binds the worst of twenty families (ten lines of work, ten languages), each with
# 130-300 1:1 topics, so one point moves a family's rate by up to 0.8 %: at 0.05 the
# noisiest language set the threshold for all and off-topic recall fell to 0.78 in
# Dutch; at 0.07 every language keeps recall near 0.9 (python -m bench.agenda_guard).
FALSE_NUDGE_BUDGET = 0.07
THRESHOLDS = tuple(step / 100 for step in range(30, 96))
# Ways of putting a point that say nothing about whether it is catch-up. Each
# training point is learned inside each frame too, so that the model weighs
# what a point is about rather than how it is asked: cross-validated with the
# earlier engineering points (another voice) held out, recall rose from 0.89
# to 0.93 at the same false-nudge rate.
FRAMES = ("Can we talk about {}", "Quick one: {}", "{}?", "Could you help me with {}")
# The same ways of asking in the other languages the corpus holds (its family is
# the language's code), so that there too a frame's words weigh nothing.
FRAMES_IN = {
    "de": ("Können wir über {} reden", "Kurz: {}", "{}?", "Kannst du mir bei {} helfen"),
    "fr": ("On peut parler de {}", "Petit point : {}", "{} ?", "Tu peux m'aider pour {}"),
    "es": ("¿Podemos hablar de {}", "Una cosa rápida: {}", "¿{}?", "¿Me ayudas con {}"),
    "pt-BR": ("Podemos falar sobre {}", "Rapidinho: {}", "{}?", "Você me ajuda com {}"),
    "it": ("Possiamo parlare di {}", "Una cosa veloce: {}", "{}?", "Mi aiuti con {}"),
    "nl": ("Kunnen we het hebben over {}", "Even kort: {}", "{}?", "Kun je me helpen met {}"),
    "pl": ("Możemy pogadać o {}", "Szybka sprawa: {}", "{}?", "Pomożesz mi z {}"),
    "ja": ("{}について話せますか", "一点だけ：{}", "{}？", "{}について相談させてください"),
    "ar": ("ممكن نتكلم عن {}", "سؤال سريع: {}", "{}؟", "ممكن تساعدني في {}"),
}
DECIMALS = 4  # far finer than any difference a weight makes, and a file half the size


@dataclass(frozen=True)
class Point:
    text: str
    off_topic: bool
    kind: str
    family: str
    # Which of the article's purposes a 1:1 topic serves (guard.TOPIC_PURPOSES), from the
    # file of the same name in purposes/; "" where nobody labelled it.
    purpose: str = ""


@dataclass(frozen=True)
class Prediction:
    probability: float
    kind: str
    purpose: str = ""


def load(directory: Path = CORPUS) -> list[Point]:
    """Every labelled point of the corpus; a malformed row stops the training with its place."""
    return [point for path in sorted(directory.glob("*.csv")) for point in read(path)]


def read(path: Path) -> list[Point]:
    """The points of one CSV file; without a family column, the file's name is the family.

    A 1:1 topic's purpose comes from `purposes/<the same name>` beside it, if there is one.
    """
    purposes = _purposes(path.parent / "purposes" / path.name)
    with path.open(newline="", encoding="utf-8") as handle:
        points = [
            _point(row, f"{path}:{line}", path.stem)
            for line, row in enumerate(csv.DictReader(handle), start=2)
        ]
    return [
        replace(point, purpose=purposes.get(point.text, "")) if not point.off_topic else point
        for point in points
    ]


def _purposes(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for line, row in enumerate(rows, start=2):
        if row["purpose"] not in TOPIC_PURPOSES:
            raise ValueError(f"{path}:{line}: purpose {row['purpose']!r}")
    return {row["text"]: row["purpose"] for row in rows}


def _point(row: dict[str, str], where: str, family: str) -> Point:
    off_topic, kind = (row.get("off_topic") or "").strip().lower(), (row.get("kind") or "").strip()
    if off_topic not in ("true", "false") or (kind in KINDS) != (off_topic == "true"):
        raise ValueError(f"{where}: off_topic {off_topic!r} with kind {kind!r}")
    return Point(row["text"], off_topic == "true", kind, (row.get("family") or family).strip())


def corpus_digest(directory: Path = CORPUS) -> str:
    digest = hashlib.sha256()
    for path in sorted([*directory.glob("*.csv"), *directory.glob("purposes/*.csv")]):
        name = path.relative_to(directory).as_posix()
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def framed(points: Sequence[Point]) -> list[Point]:
    """The points as written, then each of them inside each frame of its language."""
    return [
        *points,
        *(
            replace(point, text=frames_of(point)[place].format(_lowered(point.text)))
            for place in range(len(FRAMES))
            for point in points
        ),
    ]


def frames_of(point: Point) -> tuple[str, ...]:
    return FRAMES_IN.get(point.family, FRAMES)


def _lowered(text: str) -> str:
    return text[:1].lower() + text[1:]


class Matrix:
    """The tf-idf features of some points framed (`self.points`); words and idf from the points as written."""

    def __init__(self, points: Sequence[Point]) -> None:
        written = [point.text for point in points]
        self.counts = CountVectorizer(analyzer=features, binary=True, min_df=MIN_ROWS)
        self.tfidf = TfidfTransformer().fit(self.counts.fit_transform(written))
        self.points = framed(points)
        self.x: csr_matrix = self.tfidf.transform(
            self.counts.transform([point.text for point in self.points])
        )

    def export(
        self,
        catch_up: LogisticRegression,
        kinds: LogisticRegression,
        purposes: LogisticRegression | None = None,
    ) -> dict[str, Any]:
        """The regressions' weights in the form `guard.Model` reads, rounded for a small file."""
        columns = [catch_up.coef_[0], *_in_order(kinds, KINDS)]
        intercepts = [catch_up.intercept_[0], *_in_order(kinds, KINDS, intercepts=True)]
        if purposes is not None:
            columns += _in_order(purposes, TOPIC_PURPOSES)
            intercepts += _in_order(purposes, TOPIC_PURPOSES, intercepts=True)
        rows = np.column_stack([self.tfidf.idf_, *columns])
        names = self.counts.get_feature_names_out()
        return {
            "kinds": list(KINDS),
            "purposes": list(TOPIC_PURPOSES) if purposes is not None else [],
            "intercepts": np.round(intercepts, DECIMALS).tolist(),
            "features": dict(zip(map(str, names), np.round(rows, DECIMALS).tolist(), strict=True)),
        }


def _in_order(
    regression: LogisticRegression, classes: Sequence[str], *, intercepts: bool = False
) -> list[Any]:
    """A multinomial regression's weights (or intercepts), one per class, in `classes`' order."""
    known = list(regression.classes_)
    found = regression.intercept_ if intercepts else regression.coef_
    return [found[known.index(name)] for name in classes]


def fit_catch_up(x: csr_matrix, points: Sequence[Point], strength: float) -> LogisticRegression:
    labels = [point.off_topic for point in points]
    regression = LogisticRegression(
        C=strength, solver="liblinear", dual=True, max_iter=1000, random_state=SEED
    )
    return regression.fit(x, labels)


def fit_kinds(x: csr_matrix, points: Sequence[Point], strength: float) -> LogisticRegression:
    rows = [index for index, point in enumerate(points) if point.off_topic]
    labels = [points[index].kind for index in rows]
    return LogisticRegression(C=strength, solver="newton-cg").fit(x[rows], labels)


def labelled(points: Sequence[Point]) -> bool:
    return any(point.purpose for point in points)


def fit_purposes(x: csr_matrix, points: Sequence[Point], strength: float) -> LogisticRegression:
    """Which purpose a 1:1 topic serves, learned from the labelled 1:1 topics alone."""
    rows = [index for index, point in enumerate(points) if point.purpose]
    labels = [points[index].purpose for index in rows]
    return LogisticRegression(C=strength, solver="newton-cg").fit(x[rows], labels)


def predict(model: Model, texts: Iterable[str]) -> list[Prediction]:
    predictions = []
    for text in texts:
        probability, scores = model.catch_up(text)
        predictions.append(
            Prediction(probability, model.kind_of(scores), model.purpose_of(scores))
        )
    return predictions


def out_of_fold(
    points: Sequence[Point], strengths: Sequence[float] = STRENGTHS
) -> dict[float, list[Prediction]]:
    """For each strength, every point judged by a model trained on the other folds."""
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    strata = [f"{point.family}/{point.kind}" for point in points]
    found: dict[float, list[Prediction | None]] = {
        strength: [None] * len(points) for strength in strengths
    }
    for train, test in folds.split(np.zeros(len(points)), strata):
        fold = [points[index] for index in train]
        matrix = Matrix(fold)
        for strength in strengths:
            exported = matrix.export(
                fit_catch_up(matrix.x, matrix.points, strength),
                fit_kinds(matrix.x, matrix.points, strength),
                fit_purposes(matrix.x, matrix.points, strength) if labelled(fold) else None,
            )
            model = Model.from_json({**exported, "threshold": 0.5})
            for index, prediction in zip(
                test, predict(model, (points[index].text for index in test)), strict=True
            ):
                found[strength][index] = prediction
    return {
        strength: [prediction for prediction in predictions if prediction is not None]
        for strength, predictions in found.items()
    }


@dataclass
class Figures:
    """Accuracy, off-topic recall, false-nudge rate and kind accuracy of one set of points."""

    points: int = 0
    correct: int = 0
    off_topic: int = 0
    caught: int = 0
    kind_right: int = 0
    on_topic: int = 0
    nudged: int = 0

    def add(self, point: Point, off_topic: bool, kind: str | None) -> None:
        self.points += 1
        self.correct += off_topic == point.off_topic
        if point.off_topic:
            self.off_topic += 1
            self.caught += off_topic
            self.kind_right += off_topic and kind == point.kind
        else:
            self.on_topic += 1
            self.nudged += off_topic

    @property
    def accuracy(self) -> float:
        return self.correct / self.points if self.points else 0.0

    @property
    def recall(self) -> float:
        return self.caught / self.off_topic if self.off_topic else 1.0

    @property
    def false_nudges(self) -> float:
        return self.nudged / self.on_topic if self.on_topic else 0.0

    @property
    def kind_accuracy(self) -> float:
        return self.kind_right / self.caught if self.caught else 1.0


def by_family(
    points: Sequence[Point], verdicts: Iterable[tuple[bool, str | None]]
) -> dict[str, Figures]:
    figures: dict[str, Figures] = {}
    for point, (off_topic, kind) in zip(points, verdicts, strict=True):
        figures.setdefault(point.family, Figures()).add(point, off_topic, kind)
    return dict(sorted(figures.items()))


def at_threshold(
    predictions: Sequence[Prediction], threshold: float
) -> list[tuple[bool, str | None]]:
    return [(prediction.probability >= threshold, prediction.kind) for prediction in predictions]


def choose_threshold(points: Sequence[Point], predictions: Sequence[Prediction]) -> float:
    """The threshold that keeps false nudges within budget in every line of work, most accurately."""

    worst = {}
    for threshold in THRESHOLDS:
        figures = by_family(points, at_threshold(predictions, threshold)).values()
        worst[threshold] = (
            max(f.false_nudges for f in figures),
            min(f.accuracy for f in figures),
        )
    within = [t for t in THRESHOLDS if worst[t][0] <= FALSE_NUDGE_BUDGET] or [THRESHOLDS[-1]]
    return max(within, key=lambda threshold: (worst[threshold][1], -threshold))


def kind_accuracy(points: Sequence[Point], predictions: Sequence[Prediction]) -> float:
    pairs = [
        (point, prediction)
        for point, prediction in zip(points, predictions, strict=True)
        if point.off_topic
    ]
    return sum(point.kind == prediction.kind for point, prediction in pairs) / len(pairs)


def purpose_accuracy(points: Sequence[Point], predictions: Sequence[Prediction]) -> float:
    """Of the labelled 1:1 topics, how many get their purpose (1.0 with none labelled)."""
    pairs = [
        (point, prediction)
        for point, prediction in zip(points, predictions, strict=True)
        if point.purpose
    ]
    right = sum(point.purpose == prediction.purpose for point, prediction in pairs)
    return right / len(pairs) if pairs else 1.0


def train(
    points: Sequence[Point], digest: str, strengths: Sequence[float] = STRENGTHS
) -> dict[str, Any]:
    """The artefact: chosen settings, threshold and weights."""
    predictions = out_of_fold(points, strengths)
    thresholds = {s: choose_threshold(points, p) for s, p in predictions.items()}

    def worst_accuracy(strength: float) -> float:
        verdicts = at_threshold(predictions[strength], thresholds[strength])
        return min(f.accuracy for f in by_family(points, verdicts).values())

    strength = max(strengths, key=lambda s: (worst_accuracy(s), -s))
    kind_strength = max(strengths, key=lambda s: (kind_accuracy(points, predictions[s]), -s))
    purpose_strength = max(strengths, key=lambda s: (purpose_accuracy(points, predictions[s]), -s))
    matrix = Matrix(points)
    exported = matrix.export(
        fit_catch_up(matrix.x, matrix.points, strength),
        fit_kinds(matrix.x, matrix.points, kind_strength),
        fit_purposes(matrix.x, matrix.points, purpose_strength) if labelled(points) else None,
    )
    return {
        "corpus": {"sha256": digest, "points": len(points)},
        "settings": {
            "frames": {"en": list(FRAMES), **{code: list(f) for code, f in FRAMES_IN.items()}},
            "folds": FOLDS,
            "seed": SEED,
            "strength": strength,
            "kind_strength": kind_strength,
            "purpose_strength": purpose_strength,
            "min_rows": MIN_ROWS,
            "false_nudge_budget": FALSE_NUDGE_BUDGET,
        },
        "threshold": thresholds[strength],
        **exported,
    }


def dump(artefact: dict[str, Any]) -> str:
    """JSON with one feature a line, sorted, so that a retrained model diffs readably."""
    head = [f"{json.dumps(key)}: {json.dumps(artefact[key])}" for key in sorted(artefact)]
    head = [line for line in head if not line.startswith('"features"')]
    body = [
        f"{json.dumps(name, ensure_ascii=False)}: {json.dumps(weights)}"
        for name, weights in sorted(artefact["features"].items())
    ]
    return "{\n" + ",\n".join(head) + ',\n"features": {\n' + ",\n".join(body) + "\n}}\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m showup.agendas.train", description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare with the committed model")
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    options = parser.parse_args(argv)
    text = dump(train(load(), corpus_digest()))
    if options.check:
        if options.output.read_text(encoding="utf-8") != text:
            print(f"{options.output} is not what the corpus gives: retrain it.", file=sys.stderr)
            return 1
        return 0
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(text, encoding="utf-8")
    settings = json.loads(text)["settings"]
    print(f"Wrote {options.output} ({len(text.encode()) // 1024} KiB): {settings}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
