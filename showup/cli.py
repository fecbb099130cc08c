"""The `showup` console command: Django's manage.py under a friendlier name.

Django is imported only after the settings module is chosen, so that
`showup --help` works before any configuration is read.
"""

import os
import sys


def command_line(argv: list[str]) -> list[str]:
    """Commands are spelled with hyphens (`showup import-org`); their modules use underscores."""
    if argv and not argv[0].startswith("-"):
        return [argv[0].replace("-", "_"), *argv[1:]]
    return argv


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showup.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(
        ["showup", *command_line(argv if argv is not None else sys.argv[1:])]
    )
