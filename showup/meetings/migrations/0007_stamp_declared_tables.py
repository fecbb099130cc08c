"""The stamp triggers for every table meetings/stamped.py declares, the pair itself included.

The pair's own row (its rhythms) and the calendar questions were read by kept
pages but raised no stamp, so a page could show an old value. The list below
is a frozen copy of meetings/stamped.py as it stood when this was written: a
later change to that list needs a migration of its own (tests/test_kept_pages.py
says so). Creating the triggers is idempotent on both databases.
"""

import importlib

from django.db import migrations

stamps = importlib.import_module("showup.meetings.migrations.0003_pair_stamp")

PAIR_TABLES = {
    "meetings_pair": ("id", None),
    "meetings_occurrence": ("pair_id", None),
    "meetings_series": ("pair_id", None),
    "meetings_seriesevent": ("pair_id", None),
    "meetings_pairsummary": ("pair_id", None),
    "meetings_occurrencemove": ("occurrence_id", "meetings_occurrence"),
    "agendas_talkingpoint": ("pair_id", None),
    "agendas_recurringpoint": ("pair_id", None),
    "notes_note": ("occurrence_id", "meetings_occurrence"),
    "actions_actionitem": ("pair_id", None),
    "feedback_feedback": ("pair_id", None),
    "feedback_blocker": ("pair_id", None),
    "performance_observation": ("pair_id", None),
    "performance_observationrevision": ("observation_id", "performance_observation"),
    "performance_review": ("pair_id", None),
    "performance_reviewpoint": ("review_id", "performance_review"),
    "careers_careerplan": ("pair_id", None),
    "careers_milestone": ("plan_id", "careers_careerplan"),
    "careers_careerconversation": ("pair_id", None),
    "insights_checkin": ("occurrence_id", "meetings_occurrence"),
    "insights_meetingrating": ("occurrence_id", "meetings_occurrence"),
    "insights_pairweek": ("pair_id", None),
    "calendars_question": ("occurrence_id", "meetings_occurrence"),
}
PAIR_PERSON_COLUMNS = ("name", "email", "title", "timezone", "is_active", "manager_id")


def create(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    stamps.triggers_create(schema_editor, PAIR_TABLES, PAIR_PERSON_COLUMNS)


def drop(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    for table in ("meetings_pair", "calendars_question"):
        if schema_editor.connection.vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_stamp_{event}")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_stamp ON {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0006_stamp_triggers_again"),
        ("calendars", "0002_credentials_own_key"),
    ]

    operations = [migrations.RunPython(create, drop)]
