"""The stamp triggers again, after migrations that rebuilt stamped tables.

On SQLite, adding a plain unique constraint rebuilds the table, and a rebuilt
table has lost its triggers (agendas 0003 and performance 0002 do so). The
statements are idempotent on both databases.
"""

import importlib

from django.db import migrations

stamps = importlib.import_module("showup.meetings.migrations.0003_pair_stamp")
org_chart = importlib.import_module("showup.meetings.migrations.0004_org_chart_stamp")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_occurrence_pair_next"),
        ("agendas", "0003_talking_point_one_per_place"),
        ("performance", "0002_review_point_one_per_place"),
    ]

    operations = [
        migrations.RunPython(stamps.create_triggers, migrations.RunPython.noop),
        migrations.RunPython(org_chart.create, migrations.RunPython.noop),
    ]
