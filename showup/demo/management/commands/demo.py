from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from showup.demo.builders import demo_build
from showup.demo.organisation import DEMO_PASSWORD, FEATURED, PEOPLE
from showup.people.models import Person


class Command(BaseCommand):
    help = "Create the demo company, Kestrel Software, with months of 1:1 history, and print its logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (but print the logins) if anyone exists.",
        )

    def handle(self, *args: Any, if_empty: bool, **options: Any) -> None:
        if Person.objects.exists():
            if not if_empty:
                raise CommandError(
                    "The database already has people; the demo goes into an empty one only."
                )
            if Person.objects.filter(email=PEOPLE[0].email).exists():
                self.print_logins()
            return
        demo_build()
        self.stdout.write(self.style.SUCCESS(f"Created the demo company: {len(PEOPLE)} people."))
        self.print_logins()

    def print_logins(self) -> None:
        by_key = {spec.key: spec for spec in PEOPLE}
        self.stdout.write(f"\nDemo logins (password for everyone: {DEMO_PASSWORD})")
        for role, key in FEATURED:
            spec = by_key[key]
            self.stdout.write(f"  {role:<9} {spec.email:<28} {spec.name}, {spec.title}")
        self.stdout.write("")
