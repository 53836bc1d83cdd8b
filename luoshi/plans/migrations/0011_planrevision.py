"""The plan revision a trigger on the item table counts (``PlanRevision``).

PostgreSQL: a deferred constraint trigger per row, which at commit adds one to the plan's revision
once per transaction (a transaction-local setting marks the plans already counted), so the
revision's row is locked last, after every item the transaction wrote, and two writers cannot wait
on each other through it. SQLite has one writer at a time: a trigger per row and statement kind.
"""

from typing import Any

from django.db import migrations, models

POSTGRES_CREATE = """
CREATE FUNCTION luoshi_item_revised() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    pid bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN pid := OLD.plan_id; ELSE pid := NEW.plan_id; END IF;
    IF current_setting('luoshi.revised_' || pid, true) = '1' THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('luoshi.revised_' || pid, '1', true);
    INSERT INTO plans_planrevision (plan_id, value) VALUES (pid, 1)
        ON CONFLICT (plan_id) DO UPDATE SET value = plans_planrevision.value + 1;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER plans_item_revised AFTER INSERT OR UPDATE OR DELETE ON plans_item
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION luoshi_item_revised();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS plans_item_revised ON plans_item;
DROP FUNCTION IF EXISTS luoshi_item_revised();
"""
SQLITE_BUMP = (
    "INSERT INTO plans_planrevision (plan_id, value) VALUES ({row}.plan_id, 1) "
    "ON CONFLICT (plan_id) DO UPDATE SET value = value + 1;"
)
SQLITE_EVENTS = {"insert": "NEW", "update": "NEW", "delete": "OLD"}


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREATE)
        return
    for event, row in SQLITE_EVENTS.items():
        schema_editor.execute(
            f"CREATE TRIGGER plans_item_revised_{event} AFTER {event.upper()} ON plans_item "
            f"BEGIN {SQLITE_BUMP.format(row=row)} END"
        )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)
        return
    for event in SQLITE_EVENTS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS plans_item_revised_{event}")


class Migration(migrations.Migration):
    dependencies = [("plans", "0010_item_plan_status_narrow")]

    operations = [
        migrations.CreateModel(
            name="PlanRevision",
            fields=[
                ("plan_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("value", models.PositiveBigIntegerField(default=0)),
            ],
            options={"verbose_name": "plan revision"},
        ),
        migrations.RunPython(create, drop),
    ]
