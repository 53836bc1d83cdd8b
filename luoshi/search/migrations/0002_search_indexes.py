"""Indexes for substring search in Chinese, which has no spaces to split words at.

PostgreSQL: pg_trgm GIN indexes on the columns, so that ``col LIKE '%道路建设%'`` (and ``~*``) is
answered from the index (for patterns of three characters or more).
SQLite (3.34 or later): an FTS5 table with the trigram tokenizer per kind, over the kind's own table
(external content, so the text is not stored twice), kept in step by triggers.
Other databases get nothing and search by LIKE.
"""

from django.db import migrations

# table -> (FTS table, columns)
SQLITE_FTS = {
    "plans_item": ("search_item_fts", ["number", "title", "description", "progress_note"]),
    "reports_report": ("search_report_fts", ["work_done", "problems", "next_steps"]),
    "notices_notice": ("search_notice_fts", ["number", "title", "requirement"]),
}
PG_TRGM = {
    "plans_item": ["number", "title", "description", "progress_note"],
    "reports_report": ["work_done", "problems", "next_steps"],
    "notices_notice": ["number", "title", "requirement"],
}


def _sqlite_has_trigram(connection):
    import sqlite3

    return sqlite3.sqlite_version_info >= (3, 34, 0)


def _sqlite_statements(table, fts, columns):
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    delete = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES('delete', old.id, {old});"
    insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
    watched = ", ".join(columns)
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', content_rowid='id', "
        "tokenize='trigram')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {watched} ON {table} BEGIN {delete} {insert} END",
        f"INSERT INTO {fts}({fts}) VALUES('rebuild')",
    ]


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            for table, columns in PG_TRGM.items():
                for column in columns:
                    cursor.execute(
                        f'CREATE INDEX IF NOT EXISTS search_{table}_{column}_trgm ON "{table}" '
                        f'USING gin ("{column}" gin_trgm_ops)'
                    )
        elif connection.vendor == "sqlite" and _sqlite_has_trigram(connection):
            for table, (fts, columns) in SQLITE_FTS.items():
                for statement in _sqlite_statements(table, fts, columns):
                    cursor.execute(statement)


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table, columns in PG_TRGM.items():
                for column in columns:
                    cursor.execute(f"DROP INDEX IF EXISTS search_{table}_{column}_trgm")
        elif connection.vendor == "sqlite":
            for _table, (fts, _columns) in SQLITE_FTS.items():
                for suffix in ("ai", "ad", "au"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
                cursor.execute(f"DROP TABLE IF EXISTS {fts}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_saved_view"),
        ("plans", "0005_organisation_required"),
        ("reports", "0003_report_outcome_count"),
        ("notices", "0002_noticetarget_version"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
