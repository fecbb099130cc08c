"""A synced event is one series, no longer a chain of them: see Series.calendar_uid."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("calendars", "0002_credentials_own_key"),
        ("meetings", "0009_series_calendar_uid_unique"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="syncedevent", name="one_event_per_series_chain"),
        migrations.RenameField(model_name="syncedevent", old_name="root_series", new_name="series"),
        migrations.AddConstraint(
            model_name="syncedevent",
            constraint=models.UniqueConstraint(
                fields=("connection", "series"), name="one_event_per_series"
            ),
        ),
    ]
