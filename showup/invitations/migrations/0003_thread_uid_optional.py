"""The thread's own UID becomes optional, on its way out (0005): the series carries it now."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("invitations", "0002_delivery")]

    operations = [
        migrations.AlterField(
            model_name="invitationthread",
            name="uid",
            field=models.CharField(max_length=200, null=True),
        ),
    ]
