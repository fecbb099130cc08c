"""Every series has its calendar UID now: required and unique, and new ones random."""

import importlib

from django.db import migrations, models

import showup.meetings.models

# On SQLite the unique column rebuilds the series table, which loses its stamp triggers.
declared = importlib.import_module("showup.meetings.migrations.0007_stamp_declared_tables")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0008_series_calendar_uid")]

    operations = [
        # Rolled back, the rebuilt table has lost its triggers too: this runs last then.
        migrations.RunPython(migrations.RunPython.noop, declared.create),
        migrations.AlterField(
            model_name="series",
            name="calendar_uid",
            field=models.CharField(
                default=showup.meetings.models.calendar_uid_new, max_length=200, unique=True
            ),
        ),
        migrations.RunPython(declared.create, migrations.RunPython.noop),
    ]
