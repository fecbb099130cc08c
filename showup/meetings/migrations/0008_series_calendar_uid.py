"""Each series' own calendar UID, random from now on (made unique in 0009).

Series stored before this keep the UID calendars already hold for them (the
feed's and CalDAV's `series-<pk>@host`), so no calendar gets a second copy.
The data and the schema change are two migrations: PostgreSQL refuses to alter
a table in the transaction that updated its rows.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations, models


def keep_the_uids_calendars_hold(apps, schema_editor):
    Series = apps.get_model("meetings", "Series")
    host = urlsplit(settings.BASE_URL).hostname or "showup"
    for series in Series.objects.only("pk").iterator():
        Series.objects.filter(pk=series.pk).update(calendar_uid=f"series-{series.pk}@{host}")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0007_stamp_declared_tables")]

    operations = [
        migrations.AddField(
            model_name="series",
            name="calendar_uid",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.RunPython(keep_the_uids_calendars_hold, migrations.RunPython.noop),
    ]
