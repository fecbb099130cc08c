"""Each series' own calendar UID, random from now on.

Series stored before this keep the UID calendars already hold for them (the
feed's and CalDAV's `series-<pk>@host`), so no calendar gets a second copy.
"""

import importlib
from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations, models

import showup.meetings.models

# On SQLite the unique column rebuilds the series table, which loses its stamp triggers.
declared = importlib.import_module("showup.meetings.migrations.0007_stamp_declared_tables")


def keep_the_uids_calendars_hold(apps, schema_editor):
    Series = apps.get_model("meetings", "Series")
    host = urlsplit(settings.BASE_URL).hostname or "showup"
    for series in Series.objects.only("pk").iterator():
        Series.objects.filter(pk=series.pk).update(calendar_uid=f"series-{series.pk}@{host}")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0007_stamp_declared_tables")]

    operations = [
        # Rolled back, the rebuilt table has lost its triggers too: this runs last then.
        migrations.RunPython(migrations.RunPython.noop, declared.create),
        migrations.AddField(
            model_name="series",
            name="calendar_uid",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.RunPython(keep_the_uids_calendars_hold, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="series",
            name="calendar_uid",
            field=models.CharField(
                default=showup.meetings.models.calendar_uid_new, max_length=200, unique=True
            ),
        ),
        migrations.RunPython(declared.create, migrations.RunPython.noop),
    ]
