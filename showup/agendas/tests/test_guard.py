import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.agenda_guard import evaluate, load
from showup.agendas.guard import judge

DATA = Path(__file__).resolve().parents[3] / "tests" / "data"
LABELLED = sorted(DATA.glob("talking_points*.csv"))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Review my PR #482", "code-review"),
        ("Status update on the payments migration", "status-update"),
        ("Triage the bugs that came in over the weekend", "ticket-triage"),
        ("Walk through the design doc for the notification service", "design-review"),
        ("Plan the tasks for next sprint", "task-planning"),
        ("JIRA-2231 and JIRA-2240 need owners", "ticket-triage"),
    ],
)
def test_work_catch_up_is_recognised_with_its_kind(text: str, kind: str) -> None:
    verdict = judge(text)
    assert verdict.off_topic
    assert verdict.kind == kind
    assert verdict.advice


@pytest.mark.parametrize(
    "text",
    [
        "your review comments come across as harsh",
        "I'm worried the ticket backlog is stressing the team",
        "I keep being asked to review everyone's PRs and it is slowing me down",
        "Our design reviews feel like gatekeeping",
        "How are you, really?",
        "I want to become more confident in code reviews",
        "",
    ],
)
def test_1_1_topics_about_work_are_left_alone(text: str) -> None:
    verdict = judge(text)
    assert not verdict.off_topic
    assert verdict.kind is None


def test_the_labelled_set_has_at_least_200_points() -> None:
    assert sum(len(load(path)) for path in LABELLED) >= 200


@pytest.mark.parametrize("path", LABELLED, ids=lambda path: path.name)
def test_the_guard_meets_its_targets_on_every_labelled_file(path: Path) -> None:
    scores, mistakes = evaluate(load(path))
    assert scores.accuracy >= 0.90, mistakes
    assert scores.recall >= 0.85, mistakes
    assert scores.false_nudge_rate <= 0.10, mistakes


def test_agenda_check_reads_lines_and_writes_json_lines() -> None:
    lines = "Review my PR #482\nyour review comments come across as harsh\n\nStatus update on the migration\n"
    result = subprocess.run(
        [sys.executable, "-m", "showup", "agenda-check"],
        input=lines,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={
            key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"
        },
    )
    verdicts = [json.loads(line) for line in result.stdout.splitlines()]
    assert verdicts == [
        {"text": "Review my PR #482", "off_topic": True, "kind": "code-review"},
        {"text": "your review comments come across as harsh", "off_topic": False, "kind": None},
        {"text": "", "off_topic": False, "kind": None},
        {"text": "Status update on the migration", "off_topic": True, "kind": "status-update"},
    ]
