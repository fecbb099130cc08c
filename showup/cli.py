"""The `showup` console command: Django's manage.py under a friendlier name.

Django is imported only after the settings module is chosen, so that
`showup --help` works before any configuration is read.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showup.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["showup", *(argv if argv is not None else sys.argv[1:])])
