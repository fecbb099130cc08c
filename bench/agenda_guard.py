"""How well the off-topic guard judges labelled talking points.

    python -m bench.agenda_guard [FILE.csv ...]

Prints accuracy, off-topic recall, the false-nudge rate (1:1 topics nudged
as catch-up) and kind accuracy, then every mistake.
"""

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from showup.agendas.guard import judge

DEFAULT_FILES = sorted(Path("tests/data").glob("talking_points*.csv"))


@dataclass
class Scores:
    total: int = 0
    correct: int = 0
    off_topic: int = 0
    caught: int = 0
    on_topic: int = 0
    false_nudges: int = 0
    kind_correct: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total

    @property
    def recall(self) -> float:
        return self.caught / self.off_topic

    @property
    def false_nudge_rate(self) -> float:
        return self.false_nudges / self.on_topic

    @property
    def kind_accuracy(self) -> float:
        return self.kind_correct / self.caught if self.caught else 0.0


def load(path: Path) -> list[tuple[str, bool, str | None]]:
    with path.open(newline="") as handle:
        return [
            (row["text"], row["off_topic"] == "true", row["kind"] or None)
            for row in csv.DictReader(handle)
        ]


def evaluate(rows: list[tuple[str, bool, str | None]]) -> tuple[Scores, list[str]]:
    scores, mistakes = Scores(), []
    for text, off_topic, kind in rows:
        verdict = judge(text)
        scores.total += 1
        scores.correct += verdict.off_topic == off_topic
        if off_topic:
            scores.off_topic += 1
            scores.caught += verdict.off_topic
            scores.kind_correct += verdict.off_topic and verdict.kind == kind
        else:
            scores.on_topic += 1
            scores.false_nudges += verdict.off_topic
        if verdict.off_topic != off_topic or (off_topic and verdict.kind != kind):
            mistakes.append(
                f"  {text!r}: said {verdict.kind or 'on topic'}, labelled {kind or 'on topic'} (catch-up {verdict.catch_up}, personal {verdict.personal})"
            )
    return scores, mistakes


def main(paths: list[Path]) -> None:
    for path in paths:
        scores, mistakes = evaluate(load(path))
        print(
            f"{path}: {scores.total} points ({scores.off_topic} catch-up, {scores.on_topic} 1:1 topics)"
        )
        print(
            f"  accuracy {scores.accuracy:.3f}  off-topic recall {scores.recall:.3f}  false-nudge rate {scores.false_nudge_rate:.3f}  kind accuracy {scores.kind_accuracy:.3f}"
        )
        print("\n".join(mistakes))


if __name__ == "__main__":
    main([Path(arg) for arg in sys.argv[1:]] or DEFAULT_FILES)
