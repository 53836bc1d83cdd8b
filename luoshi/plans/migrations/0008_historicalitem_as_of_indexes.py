"""Indexes on the item history for the plan as of a date (``luoshi.history.selectors``).

simple-history builds the historical model from ``Item`` and takes no indexes of its own, so they are
created here, in the app that owns the table, as SQL with no model state (``makemigrations`` has
nothing to add or remove):

- ``(plan_id, path, id, history_date DESC, history_id DESC)``, on PostgreSQL with what a page rolls
  up: a subtree's newest record per item, in tree order, read from the index alone;
- ``(plan_id, id, history_date DESC, history_id DESC, path)``: an item's records newest first, with
  their paths (whether an item moved);
- ``(plan_id, depth)``: a plan's pillar records, without reading the plan's other records.
"""

from typing import Any

from django.db import migrations

TABLE = "plans_historicalitem"
INDEXES = {
    "hist_item_plan_subtree": "(plan_id, path, id, history_date DESC, history_id DESC)",
    "hist_item_plan_newest": "(plan_id, id, history_date DESC, history_id DESC, path)",
    "hist_item_plan_depth": "(plan_id, depth)",
}
COVERED = {"hist_item_plan_subtree": " INCLUDE (history_type, depth, weight, progress)"}


def create(apps: Any, schema_editor: Any) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    for name, columns in INDEXES.items():
        include = COVERED.get(name, "") if postgres else ""
        schema_editor.execute(f"CREATE INDEX {name} ON {TABLE} {columns}{include}")


def drop(apps: Any, schema_editor: Any) -> None:
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX {name}")


class Migration(migrations.Migration):
    dependencies = [("plans", "0007_item_plan_status")]

    operations = [migrations.RunPython(create, drop)]
