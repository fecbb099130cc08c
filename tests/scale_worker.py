"""`showup worker` with one more periodic job, `probe`, that notes when it starts and ends.

The scale-out test runs this as a separate process: PROBE_LOG is the file
every worker appends to, PROBE_NAME says which process wrote a line.
"""

import os
import sys
import time
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showup.settings")
django.setup()

from django.core.management import call_command  # noqa: E402 -- after django.setup()

from showup.core.jobs import periodic  # noqa: E402

LOG = os.environ["PROBE_LOG"]
NAME = os.environ["PROBE_NAME"]


def note(event: str) -> None:
    with open(LOG, "a") as log:  # one short append: whole lines, whoever writes
        log.write(f"{event} {NAME} {time.time():.3f}\n")


@periodic("probe", every=timedelta(seconds=float(os.environ.get("PROBE_EVERY", "2"))))
def probe() -> None:
    note("start")
    time.sleep(float(os.environ.get("PROBE_SECONDS", "1.5")))
    note("end")


if __name__ == "__main__":
    call_command("worker", "--interval", sys.argv[1] if len(sys.argv) > 1 else "0.2")
