"""The org chart's own stamp: row 0 of the stamp table, raised by any change to a person.

Pages about a manager's team or a person's own 1:1s also show people who have
no pair with the reader yet (a new report with no series); their arrival,
departure or new name raises this stamp (see meetings/stamps.py).
"""

from django.db import migrations

ORG_CHART = 0
COLUMNS = "name, email, title, timezone, is_active, is_admin, manager_id"
SQLITE_BUMP = (
    f"INSERT OR IGNORE INTO meetings_pairstamp (pair_id, stamp) VALUES ({ORG_CHART}, 0); "
    f"UPDATE meetings_pairstamp SET stamp = stamp + 1 WHERE pair_id = {ORG_CHART};"
)
SQLITE = [
    f"CREATE TRIGGER IF NOT EXISTS people_person_org_stamp_insert AFTER INSERT ON people_person BEGIN {SQLITE_BUMP} END",
    f"CREATE TRIGGER IF NOT EXISTS people_person_org_stamp_update AFTER UPDATE OF {COLUMNS} ON people_person BEGIN {SQLITE_BUMP} END",
    f"CREATE TRIGGER IF NOT EXISTS people_person_org_stamp_delete AFTER DELETE ON people_person BEGIN {SQLITE_BUMP} END",
]
POSTGRESQL = [
    # Stamps are rewritten on every write: room on each page keeps those updates HOT.
    "ALTER TABLE meetings_pairstamp SET (fillfactor = 50)",
    f"""
    CREATE OR REPLACE FUNCTION showup_org_chart_stamp() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM showup_pair_stamp_raise({ORG_CHART});
        RETURN NULL;
    END
    $$
    """,
    "DROP TRIGGER IF EXISTS people_person_org_stamp ON people_person",
    f"""CREATE TRIGGER people_person_org_stamp AFTER INSERT OR DELETE OR UPDATE OF {COLUMNS}
    ON people_person FOR EACH STATEMENT EXECUTE FUNCTION showup_org_chart_stamp()""",
]


def create(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor, []):
        schema_editor.execute(sql, params=None)


def drop(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        for event in ("insert", "update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS people_person_org_stamp_{event}")
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS people_person_org_stamp ON people_person")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0003_pair_stamp")]

    operations = [migrations.RunPython(create, drop)]
