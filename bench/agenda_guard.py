"""How well the off-topic guard judges labelled talking points, per line of work, and how fast.

    python -m bench.agenda_guard [FILE.csv | FOLDER ...]

Prints, for each line of work, accuracy, off-topic recall, the false-nudge
rate (1:1 topics nudged as catch-up) and kind accuracy (of the catch-up
caught, how much got the right kind):

- cross-validated on the training corpus: each point judged by a model
  trained, the same way, on the other folds, at the committed threshold;
- on the blind holdout in tests/data/guard_holdout/ (or the files or folders
  given), judged by the committed model, which never saw them;

then the time one check takes. Files are CSV with text, off_topic, kind and
optionally family columns (without it, the file's name is the family).
"""

import json
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from showup.agendas import train
from showup.agendas.guard import MODEL_PATH, judge, model, purpose
from showup.agendas.train import Figures, Point

HOLDOUT = Path("tests/data/guard_holdout")
# A second blind set, written later by another hand in other voices.
HOLDOUT2 = Path("tests/data/guard_holdout2")
# Per language (the family is the language): English from frontline and office
# work, and nine other languages, each by writers who never saw the corpus.
LANGUAGES = Path("tests/data/guard_blind")
REPEATS = 20


def table(
    title: str, figures: dict[str, Figures], purposes: dict[str, tuple[int, int]]
) -> list[str]:
    total = Figures()
    for part in figures.values():
        for name in vars(total):
            setattr(total, name, getattr(total, name) + getattr(part, name))
    purposes = {
        **purposes,
        "all": (sum(r for r, _ in purposes.values()), sum(n for _, n in purposes.values())),
    }
    lines = [
        title,
        f"  {'family':<14}{'points':>7}{'accuracy':>10}{'off-topic recall':>18}{'false nudges':>14}{'kind accuracy':>15}{'purpose accuracy':>18}",
    ]
    for family, part in [*figures.items(), ("all", total)]:
        right, labelled = purposes.get(family, (0, 0))
        share = f"{right / labelled:.3f} ({labelled})" if labelled else "-"
        lines.append(
            f"  {family:<14}{part.points:>7}{part.accuracy:>10.3f}{part.recall:>18.3f}{part.false_nudges:>14.3f}{part.kind_accuracy:>15.3f}{share:>18}"
        )
    return lines


def purposes_by_family(
    points: Sequence[Point], found: Sequence[str]
) -> dict[str, tuple[int, int]]:
    """Per family, of the 1:1 topics labelled with a purpose, how many got it, and how many there are."""
    tally: dict[str, tuple[int, int]] = {}
    for point, given in zip(points, found, strict=True):
        if point.purpose:
            right, labelled = tally.get(point.family, (0, 0))
            tally[point.family] = (right + (given == point.purpose), labelled + 1)
    return tally


def cross_validated() -> list[str]:
    points = train.load()
    settings = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["settings"]
    strength, kind_strength = settings["strength"], settings["kind_strength"]
    purpose_strength = settings.get("purpose_strength", strength)
    predictions = train.out_of_fold(points, sorted({strength, kind_strength, purpose_strength}))
    verdicts = [
        (catch_up.probability >= model().threshold, kind.kind)
        for catch_up, kind in zip(predictions[strength], predictions[kind_strength], strict=True)
    ]
    purposes = [prediction.purpose for prediction in predictions[purpose_strength]]
    return table(
        f"Cross-validated on the training corpus ({len(points)} points, {train.FOLDS} folds, threshold {model().threshold}):",
        train.by_family(points, verdicts),
        purposes_by_family(points, purposes),
    )


def held_out(paths: Sequence[Path]) -> tuple[list[str], list[Point]]:
    files = [
        file
        for path in paths
        for file in (sorted(path.glob("*.csv")) if path.is_dir() else [path])
    ]
    points = [point for file in files for point in train.read(file)]
    verdicts = [judge(point.text) for point in points]
    names = ", ".join(str(path) for path in paths)
    return (
        table(
            f"Held out ({names}, {len(points)} points, never seen in training):",
            train.by_family(points, [(verdict.off_topic, verdict.kind) for verdict in verdicts]),
            purposes_by_family(points, [purpose(point.text) for point in points]),
        ),
        points,
    )


def timing(texts: Sequence[str]) -> list[str]:
    judge("warm up: load the model")
    per_check = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        for text in texts:
            judge(text)
        per_check.append((time.perf_counter() - started) / len(texts))
    slowest = max(texts, key=len)
    started = time.perf_counter()
    for _ in range(100):
        judge(slowest)
    longest = (time.perf_counter() - started) / 100
    return [
        f"Time per check: {statistics.median(per_check) * 1000:.3f} ms (median over {REPEATS} passes of {len(texts)} points); "
        f"the longest point ({len(slowest)} characters): {longest * 1000:.3f} ms",
        f"Model: {MODEL_PATH.name}, {MODEL_PATH.stat().st_size / 1024:.0f} KiB, {len(model())} features",
    ]


def main(paths: Sequence[Path] = ()) -> None:
    print("\n".join(cross_validated()))
    print()
    points = []
    for blind in [paths] if paths else [[HOLDOUT, HOLDOUT2], [LANGUAGES]]:
        lines, some = held_out(blind)
        print("\n".join(lines))
        print()
        points += some
    print("\n".join(timing([point.text for point in points] or ["Review my PR #482"])))


if __name__ == "__main__":
    main([Path(arg) for arg in sys.argv[1:]])
