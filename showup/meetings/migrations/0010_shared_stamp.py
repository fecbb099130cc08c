"""A second stamp per pair, raised only by writes both people of the pair may see.

The live 1:1 page tells each open page when its pair changed (pages/live.py).
Told the pair's stamp, which every write raises, a report would learn the
moment their manager wrote a private point or note, an observation or a
draft review: nothing of what was written, but that and when. The shared
stamp rises only with what the live page shows both people: the 1:1 itself,
the agenda's and the notes' shared rows, and the action items.

The list below is a frozen copy of meetings/stamped.py's SHARED_TABLES as it
stood when this was written: a later change needs a migration of its own
(tests/test_kept_pages.py compares the database's triggers with the list).
"""

from django.db import migrations, models

# Each table: how a row finds its pair, and the column that makes it private (if any).
SHARED_TABLES = {
    "meetings_occurrence": ("pair_id", None, None),
    "agendas_talkingpoint": ("pair_id", None, "is_private"),
    "agendas_recurringpoint": ("pair_id", None, "is_private"),
    "notes_note": ("occurrence_id", "meetings_occurrence", "is_private"),
    "actions_actionitem": ("pair_id", None, None),
}
# Each event: the rows it touches, and when one of them counts (it is shared).
EVENTS = {"insert": ("NEW",), "update": ("NEW", "OLD"), "delete": ("OLD",)}


def _shared(aliases: tuple[str, ...], private: str | None) -> str:
    return " OR ".join(f"NOT {alias}.{private}" for alias in aliases) if private else ""


def _sqlite_pair(alias: str, column: str, parent: str | None) -> str:
    if parent is None:
        return f"{alias}.{column}"
    return f"(SELECT pair_id FROM {parent} WHERE id = {alias}.{column})"


def sqlite_statements(tables: dict[str, tuple[str, str | None, str | None]]) -> list[str]:
    statements = []
    for table, (column, parent, private) in tables.items():
        for event, aliases in EVENTS.items():
            when = f"WHEN {_shared(aliases, private)} " if private else ""
            bumps = " ".join(
                f"INSERT OR IGNORE INTO meetings_sharedstamp (pair_id, stamp) VALUES ({pair}, 0); "
                f"UPDATE meetings_sharedstamp SET stamp = stamp + 1 WHERE pair_id = {pair};"
                for pair in (_sqlite_pair(alias, column, parent) for alias in aliases)
            )
            statements.append(
                f"CREATE TRIGGER IF NOT EXISTS {table}_shared_{event} "
                f"AFTER {event.upper()} ON {table} {when}BEGIN {bumps} END"
            )
    return statements


POSTGRESQL_FUNCTION = """
    CREATE OR REPLACE FUNCTION showup_shared_stamp_row() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        record jsonb;
        ref bigint;
    BEGIN
        FOREACH record IN ARRAY ARRAY[
            CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END,
            CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END
        ] LOOP
            CONTINUE WHEN record IS NULL;
            ref := (record ->> TG_ARGV[0])::bigint;
            IF ref IS NOT NULL AND TG_ARGV[1] <> '' THEN
                EXECUTE format('SELECT pair_id FROM %I WHERE id = $1', TG_ARGV[1]) INTO ref USING ref;
            END IF;
            IF ref IS NOT NULL THEN
                INSERT INTO meetings_sharedstamp (pair_id, stamp) VALUES (ref, 1)
                ON CONFLICT (pair_id) DO UPDATE SET stamp = meetings_sharedstamp.stamp + 1;
            END IF;
        END LOOP;
        RETURN NULL;
    END
    $$
"""


def postgresql_statements(tables: dict[str, tuple[str, str | None, str | None]]) -> list[str]:
    statements = [POSTGRESQL_FUNCTION]
    for table, (column, parent, private) in tables.items():
        for event, aliases in EVENTS.items():
            when = f"WHEN ({_shared(aliases, private)}) " if private else ""
            statements.append(f"DROP TRIGGER IF EXISTS {table}_shared_{event} ON {table}")
            statements.append(
                f"CREATE TRIGGER {table}_shared_{event} AFTER {event.upper()} ON {table} "
                f"FOR EACH ROW {when}"
                f"EXECUTE FUNCTION showup_shared_stamp_row('{column}', '{parent or ''}')"
            )
    return statements


def triggers_create(schema_editor, tables) -> None:  # type: ignore[no-untyped-def]
    """The triggers for the tables given: a later migration calls it with its own frozen list."""
    vendor = schema_editor.connection.vendor
    builder = {"sqlite": sqlite_statements, "postgresql": postgresql_statements}[vendor]
    for sql in builder(tables):
        schema_editor.execute(sql, params=None)


def create(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    triggers_create(schema_editor, SHARED_TABLES)
    # Pairs with history start from where they are; a page rendered before this sees one change.
    schema_editor.execute(
        "INSERT INTO meetings_sharedstamp (pair_id, stamp) "
        "SELECT pair_id, stamp FROM meetings_pairstamp WHERE pair_id <> 0",
        params=None,
    )


def drop(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    for table in SHARED_TABLES:
        for event in EVENTS:
            if schema_editor.connection.vendor == "sqlite":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_shared_{event}")
            else:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_shared_{event} ON {table}")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0009_series_calendar_uid_unique")]

    operations = [
        migrations.CreateModel(
            name="SharedStamp",
            fields=[
                ("pair_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("stamp", models.BigIntegerField()),
            ],
            options={"db_table": "meetings_sharedstamp", "managed": False},
        ),
        migrations.RunSQL(
            "CREATE TABLE meetings_sharedstamp (pair_id bigint NOT NULL PRIMARY KEY, stamp bigint NOT NULL)",
            "DROP TABLE meetings_sharedstamp",
        ),
        migrations.RunPython(create, drop),
    ]
