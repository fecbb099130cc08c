"""The worker rests SHOWUP_WORKER_ROUND_SECONDS between rounds, as docs/operations.md promises."""

from typing import Any

import pytest
from django.core.management import call_command

from showup.core.management.commands.worker import Command


@pytest.mark.parametrize(("arguments", "rest"), [([], 3.0), (["--interval", "0.5"], 0.5)])
@pytest.mark.django_db(transaction=True)
def test_the_round_comes_from_the_setting_unless_given(
    settings: Any, monkeypatch: pytest.MonkeyPatch, arguments: list[str], rest: float
) -> None:
    settings.WORKER_ROUND_SECONDS = 3
    rests: list[float] = []

    def sleep_once(command: Command, seconds: float) -> None:
        rests.append(seconds)
        command.stopping = True

    monkeypatch.setattr(Command, "sleep", sleep_once)
    call_command("worker", *arguments)
    assert rests == [rest]
