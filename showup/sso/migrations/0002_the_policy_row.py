from django.db import migrations


def create_policy(apps, schema_editor):
    # The one policy row exists from the start, so a password sign-in can lock it.
    apps.get_model("sso", "SsoPolicy").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("sso", "0001_initial")]

    operations = [migrations.RunPython(create_policy, migrations.RunPython.noop)]
