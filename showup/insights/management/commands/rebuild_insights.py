from typing import Any

from django.core.management.base import BaseCommand

from showup.insights.rollups import rollups_rebuild_all


class Command(BaseCommand):
    help = "Recompute every pair's weekly numbers from its history (after an import or a repair)."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = rollups_rebuild_all()
        self.stdout.write(f"Rebuilt {rows} pair-weeks.")
