"""The off-topic guard's kinds fit every line of work now: stored verdicts are renamed.

Code and design reviews become a review of a piece of work, ticket triage
becomes triage; status updates and task planning keep their names.
"""

from django.db import migrations

RENAMED = {"code-review": "work-review", "design-review": "work-review", "ticket-triage": "triage"}
# Going back cannot tell a code review from a design review; both read as a code review.
RESTORED = {"work-review": "code-review", "triage": "ticket-triage"}


def rename(mapping):
    def run(apps, schema_editor):
        TalkingPoint = apps.get_model("agendas", "TalkingPoint")
        for old, new in mapping.items():
            TalkingPoint.objects.filter(off_topic_kind=old).update(off_topic_kind=new)

    return run


class Migration(migrations.Migration):
    dependencies = [("agendas", "0002_talking_point_purpose")]

    operations = [migrations.RunPython(rename(RENAMED), rename(RESTORED))]
