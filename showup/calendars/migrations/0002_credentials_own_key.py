"""Calendar passwords sealed with the key once derived from the secret key move to the calendar key.

Backups hold the secret key, so that key opened every calendar password in
them. The derived key survives only here, to open what it sealed: each
connection is sealed again with SHOWUP_CALENDAR_KEY or the data folder's
calendar key. One that no key opens is left as it is: its first sync finds
that out and asks its person to connect again (calendars/services.py).
"""

import base64
import hashlib
from typing import Any

from django.conf import settings
from django.db import migrations

from showup.calendars.secrets import credentials_rotate


def _derived_key() -> bytes:
    digest = hashlib.sha256(b"showup-calendar-credentials:" + settings.SECRET_KEY.encode())
    return base64.urlsafe_b64encode(digest.digest())


def seal_with_own_key(apps: Any, schema_editor: Any) -> None:
    Connection = apps.get_model("calendars", "Connection")
    for connection in Connection.objects.exclude(credentials="").only("pk", "credentials"):
        sealed = credentials_rotate(connection.credentials, old_keys=(_derived_key(),))
        if sealed is not None:
            Connection.objects.filter(pk=connection.pk).update(credentials=sealed)


class Migration(migrations.Migration):
    dependencies = [("calendars", "0001_initial")]

    operations = [migrations.RunPython(seal_with_own_key, migrations.RunPython.noop)]
