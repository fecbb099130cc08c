"""The full-text index on search entries: FTS5 on SQLite, a GIN index on PostgreSQL."""

from django.db import migrations

SQLITE = [
    """CREATE VIRTUAL TABLE history_searchentry_fts USING fts5(
        body, content='history_searchentry', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER history_searchentry_ai AFTER INSERT ON history_searchentry BEGIN
        INSERT INTO history_searchentry_fts(rowid, body) VALUES (new.id, new.body);
    END""",
    """CREATE TRIGGER history_searchentry_ad AFTER DELETE ON history_searchentry BEGIN
        INSERT INTO history_searchentry_fts(history_searchentry_fts, rowid, body) VALUES ('delete', old.id, old.body);
    END""",
    """CREATE TRIGGER history_searchentry_au AFTER UPDATE OF body ON history_searchentry BEGIN
        INSERT INTO history_searchentry_fts(history_searchentry_fts, rowid, body) VALUES ('delete', old.id, old.body);
        INSERT INTO history_searchentry_fts(rowid, body) VALUES (new.id, new.body);
    END""",
    "INSERT INTO history_searchentry_fts(history_searchentry_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS history_searchentry_au",
    "DROP TRIGGER IF EXISTS history_searchentry_ad",
    "DROP TRIGGER IF EXISTS history_searchentry_ai",
    "DROP TABLE IF EXISTS history_searchentry_fts",
]
POSTGRESQL = [
    "CREATE INDEX history_searchentry_body_fts ON history_searchentry USING GIN (to_tsvector('english', body))",
]
POSTGRESQL_REVERSE = ["DROP INDEX IF EXISTS history_searchentry_body_fts"]


def run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def apply(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("history", "0001_initial")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
