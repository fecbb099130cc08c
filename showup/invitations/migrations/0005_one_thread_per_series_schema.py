"""The thread belongs to its series, which carries the UID; the chain's links go."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("invitations", "0004_one_thread_per_series")]

    operations = [
        migrations.DeleteModel(name="ThreadSeries"),
        migrations.RemoveField(model_name="invitationthread", name="uid"),
        migrations.RenameField(model_name="invitationthread", old_name="root", new_name="series"),
    ]
