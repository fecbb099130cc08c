"""One invitation thread per series, under the series' calendar UID (the data; 0005 the schema).

A thread used to hold a chain of series (a schedule change or a resume kept
the UID). Each thread now belongs to the newest series of its chain, and that
series takes the thread's UID, so the calendars that hold the event keep it
and are updated in place; the older series of the chain have ended.
"""

from django.db import migrations


def newest_series_keeps_the_thread(apps, schema_editor):
    Thread = apps.get_model("invitations", "InvitationThread")
    ThreadSeries = apps.get_model("invitations", "ThreadSeries")
    Series = apps.get_model("meetings", "Series")
    for thread in Thread.objects.all():
        members = list(ThreadSeries.objects.filter(thread=thread).values_list("series_id", flat=True))
        newest = max([thread.root_id, *members])
        Series.objects.filter(pk=newest).update(calendar_uid=thread.uid)
        Thread.objects.filter(pk=thread.pk).update(root_id=newest)


def thread_uid_from_its_series(apps, schema_editor):
    """Rolling back: each thread takes its series' UID, and its one link."""
    Thread = apps.get_model("invitations", "InvitationThread")
    ThreadSeries = apps.get_model("invitations", "ThreadSeries")
    Series = apps.get_model("meetings", "Series")
    for thread in Thread.objects.all():
        uid = Series.objects.values_list("calendar_uid", flat=True).get(pk=thread.root_id)
        Thread.objects.filter(pk=thread.pk).update(uid=uid)
        ThreadSeries.objects.create(series_id=thread.root_id, thread_id=thread.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("invitations", "0003_thread_uid_optional"),
        ("meetings", "0009_series_calendar_uid_unique"),
    ]

    operations = [
        migrations.RunPython(newest_series_keeps_the_thread, thread_uid_from_its_series),
    ]
