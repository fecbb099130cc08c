"""`showup agenda-check`: the off-topic guard on standard input, one talking point per line."""

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand

from showup.agendas.guard import judge


class Command(BaseCommand):
    help = "Judge talking points read one per line from standard input; write one JSON object per line."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def handle(self, *args: Any, **options: Any) -> None:
        for line in sys.stdin:
            text = line.rstrip("\r\n")
            verdict = judge(text)
            self.stdout.write(json.dumps(verdict.as_json(text), ensure_ascii=False))
            self.stdout.flush()
