"""Search reads the reader's own entries and matches folded text: the full-text index goes.

The FTS5 table (SQLite) and the GIN index (PostgreSQL) searched the whole
company's text before keeping the reader's; their triggers also cost every
write. `folded` holds each entry's text as search matches it.
"""

from django.db import migrations, models

BATCH = 5000
DROP = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS history_searchentry_au",
        "DROP TRIGGER IF EXISTS history_searchentry_ad",
        "DROP TRIGGER IF EXISTS history_searchentry_ai",
        "DROP TABLE IF EXISTS history_searchentry_fts",
    ],
    "postgresql": ["DROP INDEX IF EXISTS history_searchentry_body_fts"],
}


def fill_folded(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    from showup.history.search import fold

    SearchEntry = apps.get_model("history", "SearchEntry")
    last = 0
    while True:
        batch = list(SearchEntry.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return
        for entry in batch:
            entry.folded = fold(entry.body)
        SearchEntry.objects.bulk_update(batch, ["folded"])
        last = batch[-1].pk


def drop_full_text_index(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    for sql in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("history", "0002_full_text_index")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="folded",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(drop_full_text_index, migrations.RunPython.noop),
        migrations.RunPython(fill_folded, migrations.RunPython.noop),
    ]
