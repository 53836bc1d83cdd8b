"""Insert many new rows with their history rows, fast.

``simple_history.utils.bulk_create_with_history`` goes through ``QuerySet.bulk_create``, which on
SQLite sends 39 rows per statement and prepares every value through the field chain; for a 50,000
row ledger that alone takes longer than the whole import may. Here the values go to the driver
with ``executemany``: the same rows, the same history records ("+" with date and user), written in
the caller's transaction. Only plain concrete fields are supported (no file fields, no defaults
computed in the database), which is all Item and Milestone have.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models
from django.db.models import Max
from django.utils import timezone

from luoshi.plans.history import history_m2m_snapshot

BATCH = 5000


def _adapters(model: type[models.Model]) -> list[tuple[str, str, Callable[[Any], Any] | None]]:
    ops = connection.ops
    out: list[tuple[str, str, Callable[[Any], Any] | None]] = []
    for field in model._meta.concrete_fields:
        if isinstance(field, models.AutoField | models.BigAutoField):
            continue
        adapt: Callable[[Any], Any] | None = None
        if isinstance(field, models.DateTimeField):
            adapt = ops.adapt_datetimefield_value
        elif isinstance(field, models.DateField):
            adapt = ops.adapt_datefield_value
        elif isinstance(field, models.DecimalField):
            digits, places = field.max_digits, field.decimal_places

            def adapt(value: Any, digits: Any = digits, places: Any = places) -> Any:
                return ops.adapt_decimalfield_value(value, digits, places)

        elif isinstance(field, models.JSONField):

            def adapt(value: Any, field: Any = field) -> Any:
                return json.dumps(value, cls=field.encoder, ensure_ascii=False)

        out.append((field.attname, field.column, adapt))
    return out


def _insert(
    model: type[models.Model],
    rows: Sequence[dict[str, Any]] | Sequence[Any],
    getter: Callable[[Any, str], Any],
) -> None:
    fields = _adapters(model)
    qn = connection.ops.quote_name
    # Table and column names come from the model and are quoted; values are parameters.
    columns = ", ".join(qn(c) for _a, c, _f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608

    def values_of(row: Any) -> list[Any]:
        values = []
        for attname, _column, adapt in fields:
            value = getter(row, attname)
            values.append(adapt(value) if adapt is not None and value is not None else value)
        return values

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: one stream instead of a round trip per row.
            with cursor.cursor.copy(f"COPY {qn(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(values_of(row))
            return
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, [values_of(row) for row in rows[start : start + BATCH]])


def bulk_insert_with_history(
    objs: Sequence[models.Model], model: type[models.Model], *, scope: dict[str, Any], user: Any = None
) -> None:
    """Insert ``objs`` (setting their pks) and a "+" history record for each.

    ``scope`` filters the model's rows down to ones only this transaction can have created among
    the new ids (e.g. ``{"plan_id": plan.pk}`` with the plan locked): rows are numbered in the order
    they were inserted, which is how their pks are read back.
    """
    if not objs:
        return
    manager = model._default_manager
    before = manager.aggregate(top=Max("pk"))["top"] or 0
    now = timezone.now()
    _insert(model, objs, lambda obj, attname: _value(obj, attname, now))
    ids = list(manager.filter(pk__gt=before, **scope).order_by("pk").values_list("pk", flat=True))
    if len(ids) != len(objs):
        raise RuntimeError(f"inserted {len(objs)} rows but found {len(ids)}")
    for obj, pk in zip(objs, ids, strict=True):
        obj.pk = pk
    history = getattr(model, "history", None)
    if history is None:
        return
    extra = {"history_date": now, "history_type": "+", "history_user_id": getattr(user, "pk", None)}
    extra["history_change_reason"] = None

    def history_value(obj: Any, attname: str) -> Any:
        if attname in extra:
            return extra[attname]
        return obj.pk if attname == "id" else _value(obj, attname, now)

    _insert(history.model, objs, history_value)
    snapshot_m2m(model, objs)


def snapshot_m2m(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Copy the current many-to-many links of ``objs`` into their latest history records."""
    if not getattr(model.history.model, "_history_m2m_fields", None):  # type: ignore[attr-defined]
        return
    ids = [obj.pk for obj in objs]
    latest: dict[int, int] = {}
    for start in range(0, len(ids), BATCH):
        rows = model.history.filter(id__in=ids[start : start + BATCH]).order_by("history_id")  # type: ignore[attr-defined]
        latest.update({row: history_id for history_id, row in rows.values_list("history_id", "id")})
    history_m2m_snapshot(model, [(history_id, row) for row, history_id in latest.items()])


def _value(obj: Any, attname: str, now: Any) -> Any:
    value = getattr(obj, attname)
    if value is None and attname in ("updated_at", "created_at"):
        return now
    return value


def insert_history(
    objs: Sequence[models.Model], model: type[models.Model], *, user: Any, history_type: str
) -> None:
    """A history record of type ``history_type`` ("~" for a change) for each of ``objs`` as they are now."""
    history = getattr(model, "history", None)
    if history is None or not objs:
        return
    now = timezone.now()
    extra = {"history_date": now, "history_type": history_type, "history_user_id": getattr(user, "pk", None)}
    extra["history_change_reason"] = None

    def history_value(obj: Any, attname: str) -> Any:
        if attname in extra:
            return extra[attname]
        return obj.pk if attname == "id" else _value(obj, attname, now)

    _insert(history.model, objs, history_value)
    snapshot_m2m(model, objs)


def update_fields(objs: Sequence[models.Model], model: type[models.Model], attnames: Sequence[str]) -> None:
    """Write ``attnames`` of each object, one parameterised UPDATE per row sent with executemany."""
    if not objs:
        return
    adapters = {attname: adapt for attname, _column, adapt in _adapters(model)}
    columns = {f.attname: f.column for f in model._meta.concrete_fields}
    qn = connection.ops.quote_name
    assignments = ", ".join(f"{qn(columns[a])} = %s" for a in attnames)
    sql = f"UPDATE {qn(model._meta.db_table)} SET {assignments} WHERE {qn(model._meta.pk.column)} = %s"  # type: ignore[union-attr]  # noqa: S608
    rows = []
    for obj in objs:
        values = []
        for attname in attnames:
            value = getattr(obj, attname)
            adapt = adapters.get(attname)
            values.append(adapt(value) if adapt is not None and value is not None else value)
        rows.append([*values, obj.pk])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _update_from_copy(cursor, model, attnames, rows)
            return
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _update_from_copy(
    cursor: Any, model: type[models.Model], attnames: Sequence[str], rows: list[list[Any]]
) -> None:
    """PostgreSQL: COPY the new values into a temporary table, then one UPDATE ... FROM."""
    qn = connection.ops.quote_name
    fields = {f.attname: f for f in model._meta.concrete_fields}
    pk = model._meta.pk
    assert pk is not None
    temp = qn("luoshi_bulk_update")
    columns = [(qn(fields[a].column), fields[a].db_type(connection)) for a in attnames]
    definition = ", ".join(f"{name} {kind}" for name, kind in columns)
    cursor.execute(f"CREATE TEMPORARY TABLE {temp} ({definition}, luoshi_pk bigint) ON COMMIT DROP")
    names = ", ".join(name for name, _kind in columns)
    with cursor.cursor.copy(f"COPY {temp} ({names}, luoshi_pk) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    assignments = ", ".join(f"{name} = u.{name}" for name, _kind in columns)
    table = qn(model._meta.db_table)
    # Only quoted column and table names from the model go into the statement; values travel by COPY.
    update = f"UPDATE {table} SET {assignments} FROM {temp} u WHERE {table}.{qn(pk.column)} = u.luoshi_pk"  # noqa: S608
    cursor.execute(update)
    cursor.execute(f"DROP TABLE {temp}")
