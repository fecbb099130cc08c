"""A stamp per pair that the database raises on every write to anything of that pair.

Pages of one pair are cached per reader under the pair's stamp (see
meetings/stamps.py). Triggers, not application code, raise it, so that no
write path can forget: an ORM save, a conditional UPDATE, a bulk insert and a
cascade all count. The table is not a Django-managed one, so that no model
save can ever write an old stamp back.

On SQLite, a later migration that rebuilds one of these tables drops its
triggers: such a migration must run `create_triggers` again (a test checks
that every trigger exists).
"""

from django.db import migrations, models

# Each table whose rows show on a pair's pages, and how a row finds its pair:
# its own pair_id, or a parent row's.
PAIR_OF = {
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
}
# A person's name, time zone or status shows on every page of their pairs.
PERSON_COLUMNS = ("name", "email", "title", "timezone", "is_active", "manager_id")


def _sqlite_pair(row: str, column: str, parent: str | None) -> str:
    if parent is None:
        return f"{row}.{column}"
    return f"(SELECT pair_id FROM {parent} WHERE id = {row}.{column})"


def _sqlite_bump(pair: str) -> str:
    return (
        f"INSERT OR IGNORE INTO meetings_pairstamp (pair_id, stamp) VALUES ({pair}, 0); "
        f"UPDATE meetings_pairstamp SET stamp = stamp + 1 WHERE pair_id = {pair};"
    )


def sqlite_statements(
    pair_of: dict[str, tuple[str, str | None]] = PAIR_OF,
    person_columns: tuple[str, ...] = PERSON_COLUMNS,
) -> list[str]:
    statements = []
    for table, (column, parent) in pair_of.items():
        rows = {"INSERT": ["NEW"], "UPDATE": ["NEW", "OLD"], "DELETE": ["OLD"]}
        for event, aliases in rows.items():
            bumps = " ".join(_sqlite_bump(_sqlite_pair(alias, column, parent)) for alias in aliases)
            statements.append(
                f"CREATE TRIGGER IF NOT EXISTS {table}_stamp_{event.lower()} "
                f"AFTER {event} ON {table} BEGIN {bumps} END"
            )
    pairs = "SELECT id FROM meetings_pair WHERE lead_id = NEW.id OR member_id = NEW.id"
    statements.append(
        f"CREATE TRIGGER IF NOT EXISTS people_person_stamp_update "
        f"AFTER UPDATE OF {', '.join(person_columns)} ON people_person BEGIN "
        f"INSERT OR IGNORE INTO meetings_pairstamp (pair_id, stamp) SELECT id, 0 FROM ({pairs}); "
        f"UPDATE meetings_pairstamp SET stamp = stamp + 1 WHERE pair_id IN ({pairs}); END"
    )
    return statements


POSTGRESQL_FUNCTIONS = [
    """
    CREATE OR REPLACE FUNCTION showup_pair_stamp_raise(pair bigint) RETURNS void
    LANGUAGE sql AS $$
        INSERT INTO meetings_pairstamp (pair_id, stamp) VALUES (pair, 1)
        ON CONFLICT (pair_id) DO UPDATE SET stamp = meetings_pairstamp.stamp + 1
    $$
    """,
    # TG_ARGV: the row's column that leads to the pair, and the parent table it
    # points into ('' when the column is the pair id itself).
    """
    CREATE OR REPLACE FUNCTION showup_pair_stamp_row() RETURNS trigger
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
                PERFORM showup_pair_stamp_raise(ref);
            END IF;
        END LOOP;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE OR REPLACE FUNCTION showup_pair_stamp_person() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM showup_pair_stamp_raise(id) FROM meetings_pair
        WHERE lead_id = NEW.id OR member_id = NEW.id;
        RETURN NULL;
    END
    $$
    """,
]


def postgresql_statements(
    pair_of: dict[str, tuple[str, str | None]] = PAIR_OF,
    person_columns: tuple[str, ...] = PERSON_COLUMNS,
) -> list[str]:
    statements = list(POSTGRESQL_FUNCTIONS)
    for table, (column, parent) in pair_of.items():
        statements.append(f"DROP TRIGGER IF EXISTS {table}_stamp ON {table}")
        statements.append(
            f"CREATE TRIGGER {table}_stamp AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION showup_pair_stamp_row('{column}', '{parent or ''}')"
        )
    statements.append("DROP TRIGGER IF EXISTS people_person_stamp ON people_person")
    statements.append(
        f"CREATE TRIGGER people_person_stamp AFTER UPDATE OF {', '.join(person_columns)} "
        "ON people_person FOR EACH ROW EXECUTE FUNCTION showup_pair_stamp_person()"
    )
    return statements


def create_triggers(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    triggers_create(schema_editor, PAIR_OF, PERSON_COLUMNS)


def triggers_create(schema_editor, pair_of, person_columns) -> None:  # type: ignore[no-untyped-def]
    """The triggers for the tables given: later migrations call it with their own frozen lists."""
    vendor = schema_editor.connection.vendor
    builder = {"sqlite": sqlite_statements, "postgresql": postgresql_statements}[vendor]
    for sql in builder(pair_of, person_columns):
        schema_editor.execute(sql, params=None)


def drop_triggers(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    for table in [*PAIR_OF, "people_person"]:
        if vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_stamp_{event}")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_stamp ON {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_pair_career_prompt_days_pair_feedback_prompt_days"),
        ("agendas", "0002_talking_point_purpose"),
        ("notes", "0001_initial"),
        ("actions", "0002_actionitem_milestone"),
        ("feedback", "0001_initial"),
        ("performance", "0001_initial"),
        ("careers", "0001_initial"),
        ("insights", "0002_lead_week"),
    ]

    operations = [
        migrations.CreateModel(
            name="PairStamp",
            fields=[
                ("pair_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("stamp", models.BigIntegerField()),
            ],
            options={"db_table": "meetings_pairstamp", "managed": False},
        ),
        migrations.RunSQL(
            "CREATE TABLE meetings_pairstamp (pair_id bigint NOT NULL PRIMARY KEY, stamp bigint NOT NULL)",
            "DROP TABLE meetings_pairstamp",
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
