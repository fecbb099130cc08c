import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from showup.agendas import guard, train
from showup.agendas.guard import KIND_LABELS, KINDS, MODEL_PATH, WHERE_IT_BELONGS, judge

CLEAN_ENV = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Review my PR #482", "work-review"),
        ("Status update on the payments migration", "status-update"),
        ("Triage the bugs that came in over the weekend", "triage"),
        ("Plan the tasks for next sprint", "task-planning"),
        ("Acme renewal status", "status-update"),
        ("Go through the redlines on the Globex MSA", "work-review"),
        ("Go through the support cases that breached SLA this week, one by one", "triage"),
        ("Who covers the Saturday shifts in the warehouse next month?", "task-planning"),
        ("Campaign results for the spring webinar: 412 signups", "status-update"),
    ],
)
def test_it_recognises_work_catch_up_with_its_kind(text: str, kind: str) -> None:
    verdict = judge(text)
    assert verdict.off_topic, verdict
    assert verdict.kind == kind
    assert verdict.advice == WHERE_IT_BELONGS[kind]


@pytest.mark.parametrize(
    "text",
    [
        "your review comments come across as harsh",
        "I'm worried the ticket backlog is stressing the team",
        "Code reviews keep sitting for days, it's draining",
        "How are you, really?",
        "I'd like to lead the next product launch",
        "I'm stressed about the Q3 close",
        "The contract approval process is slow and I keep getting blocked",
        "Can we talk about my path to becoming an account executive?",
        "I need time off in March for my sister's wedding",
        "",
        "   ",
    ],
)
def test_it_leaves_1_1_topics_about_work_alone(text: str) -> None:
    verdict = judge(text)
    assert not verdict.off_topic, verdict
    assert verdict.kind is None
    assert verdict.advice == ""


def test_every_kind_has_a_label_and_advice() -> None:
    assert set(KIND_LABELS) == set(WHERE_IT_BELONGS) == set(KINDS) == set(guard.model().kinds)


def test_it_loads_the_model_without_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the guard must not reach the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    guard.model.cache_clear()
    assert judge("Review my PR #482").off_topic


def test_the_app_judges_without_scikit_learn() -> None:
    script = (
        "import sys; from showup.agendas.guard import judge; judge('Review my PR #482'); "
        "assert not {'sklearn', 'numpy', 'scipy'} & set(sys.modules), sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60, env=CLEAN_ENV)


def test_the_model_adds_up_what_scikit_learn_learned() -> None:
    points = train.load()[::7]
    matrix = train.Matrix(points)
    catch_up = train.fit_catch_up(matrix.x, matrix.points, 10.0)
    kinds = train.fit_kinds(matrix.x, matrix.points, 10.0)
    model = guard.Model.from_json({**matrix.export(catch_up, kinds), "threshold": 0.5})
    texts = [point.text for point in points[:50]]
    expected = catch_up.predict_proba(matrix.tfidf.transform(matrix.counts.transform(texts)))[:, 1]
    kinds_expected = kinds.predict(matrix.tfidf.transform(matrix.counts.transform(texts)))
    predictions = train.predict(model, texts)
    assert max(abs(p.probability - q) for p, q in zip(predictions, expected, strict=True)) < 2e-3
    assert [p.kind for p in predictions] == list(kinds_expected)


@pytest.mark.filterwarnings("ignore:The least populated class:UserWarning")  # a small corpus
def test_the_same_corpus_gives_the_same_model_byte_for_byte(tmp_path: Path) -> None:
    small = tmp_path / "corpus"
    small.mkdir()
    points = train.load()[::6]
    with (small / "some.csv").open("w", encoding="utf-8") as handle:
        handle.write("text,off_topic,kind,family\n")
        for point in points:
            text = point.text.replace('"', '""')
            handle.write(f'"{text}",{str(point.off_topic).lower()},{point.kind},{point.family}\n')
    first = train.dump(train.train(train.load(small), train.corpus_digest(small), (10.0,)))
    second = train.dump(train.train(train.load(small), train.corpus_digest(small), (10.0,)))
    assert first == second
    assert json.loads(first)["corpus"]["points"] == len(points)


def test_the_committed_model_was_trained_on_the_corpus_as_it_is() -> None:
    committed = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert committed["corpus"]["sha256"] == train.corpus_digest(), (
        "the corpus changed: run python -m showup.agendas.train"
    )
    # Ten languages' words and letter n-grams, eleven scores each; loaded once per process.
    assert MODEL_PATH.stat().st_size < 6_000_000


def test_the_training_script_rebuilds_the_committed_model() -> None:
    assert train.main(["--check"]) == 0


def test_a_malformed_corpus_row_is_refused_with_its_place(tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_text(
        "text,off_topic,kind,family\nReview my PR,true,code-review,engineering\n"
    )
    with pytest.raises(ValueError, match=r"bad.csv:2: off_topic 'true' with kind 'code-review'"):
        train.load(tmp_path)


def test_a_malformed_purpose_is_refused_with_its_place(tmp_path: Path) -> None:
    (tmp_path / "good.csv").write_text("text,off_topic,kind,family\nI feel stuck,false,,people\n")
    (tmp_path / "purposes").mkdir()
    (tmp_path / "purposes" / "good.csv").write_text("text,purpose\nI feel stuck,growth\n")
    with pytest.raises(ValueError, match=r"purposes/good.csv:2: purpose 'growth'"):
        train.load(tmp_path)


def test_a_1_1_topic_takes_its_purpose_from_the_file_of_the_same_name(tmp_path: Path) -> None:
    (tmp_path / "good.csv").write_text(
        "text,off_topic,kind,family\nI feel stuck,false,,people\nQ3 numbers,true,status-update,people\n"
    )
    (tmp_path / "purposes").mkdir()
    (tmp_path / "purposes" / "good.csv").write_text("text,purpose\nI feel stuck,wellbeing\n")
    assert [point.purpose for point in train.load(tmp_path)] == ["wellbeing", ""]


def test_agenda_check_reads_lines_and_writes_json_lines() -> None:
    lines = "Review my PR #482\nyour review comments come across as harsh\n\nAcme renewal status\n"
    result = subprocess.run(
        [sys.executable, "-m", "showup", "agenda-check"],
        input=lines,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env=CLEAN_ENV,
    )
    verdicts = [json.loads(line) for line in result.stdout.splitlines()]
    assert verdicts == [
        {"text": "Review my PR #482", "off_topic": True, "kind": "work-review"},
        {"text": "your review comments come across as harsh", "off_topic": False, "kind": None},
        {"text": "", "off_topic": False, "kind": None},
        {"text": "Acme renewal status", "off_topic": True, "kind": "status-update"},
    ]
