"""Reads for the Gantt: a whole plan as compact columns (one array per field, dates as day offsets)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connections
from django.db.models import DateField, F, Func, IntegerField, QuerySet, Value

from luoshi.history import selectors as history
from luoshi.history.models import Baseline
from luoshi.plans.models import Item, Leader, Milestone, Plan, Status, Unit

KINDS = [kind.value for kind in Item.Kind]
STATUSES = [status.value for status in Status]
_KIND_INDEX = {kind: i for i, kind in enumerate(KINDS)}
_STATUS_INDEX = {status: i for i, status in enumerate(STATUSES)}


class DayOffset(Func):
    """Days from ``epoch`` to a date column, counted by the database: 50,000 rows of dates parsed into
    Python dates and subtracted again cost more than the query itself."""

    output_field = IntegerField()

    def __init__(self, column: str, epoch: dt.date) -> None:
        super().__init__(F(column), Value(epoch, output_field=DateField()))

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra)


ITEM_FIELDS = (
    "id",
    "depth",
    "numchild",
    "kind",
    "number",
    "title",
    "start_day",
    "due_day",
    "progress",
    "status",
    "lead_unit_id",
    "leader_id",
    "version",
)


def _offset(day: dt.date | None, epoch: dt.date) -> int | None:
    return None if day is None else (day - epoch).days


def _columns(query: QuerySet[Any, Any], width: int) -> list[list[Any]]:
    """The query's rows as columns. Run as compiled, without the ORM's per-value converters: every
    column here is an integer or a string as the driver returns it (the dates are counted as days)."""
    sql, params = query.query.sql_with_params()
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return [[] for _ in range(width)]
    return [list(column) for column in zip(*rows, strict=True)]


def gantt_data(plan: Plan, head: int | None = None, *, after: str = "") -> dict[str, Any]:
    """The plan's items in tree order and its milestones, as columns for the chart; with ``head``, only
    the first ``head`` rows after the path ``after`` (a page: ``complete`` says whether it was the last,
    ``next`` is the path to ask the following page after).

    Dates are days from the plan's start date; units and leaders are indices into the organisation's
    lists (-1 for none), the same on every page; kinds and colours are indices into ``kinds`` and
    ``statuses``. Milestones point at their item by its row index in the page. Four queries whatever
    the plan's size."""
    epoch = plan.start_date
    items = Item.objects.filter(plan=plan).annotate(
        start_day=DayOffset("start_date", epoch), due_day=DayOffset("due_date", epoch)
    )
    if after:
        items = items.filter(path__gt=after)
    ordered = items.order_by("path").values_list(*ITEM_FIELDS, "path")
    columns = _columns(ordered[: head + 1] if head else ordered, len(ITEM_FIELDS) + 1)
    complete = head is None or len(columns[0]) <= head
    if not complete:
        columns = [column[:head] for column in columns]
    paths = columns.pop()
    ids, _d, _c, kinds, numbers, titles, _s, _e, _p, statuses, unit_col, leader_col, _v = columns
    # An item's unit and leader belong to the plan's organisation (Item.clean): the organisation's
    # lists, in one order for every page.
    org = plan.organisation_id
    units = list(
        Unit.objects.filter(organisation_id=org).order_by("id").values_list("id", "short_name", "name")
    )
    leaders = list(Leader.objects.filter(organisation_id=org).order_by("id").values_list("id", "name"))
    unit_index: dict[int | None, int] = {u[0]: i for i, u in enumerate(units)}
    leader_index: dict[int | None, int] = {v[0]: i for i, v in enumerate(leaders)}
    row_index = {pk: i for i, pk in enumerate(ids)}
    in_rows = Milestone.objects.filter(item__plan=plan)
    if after:
        in_rows = in_rows.filter(item__path__gt=after)
    if not complete:
        in_rows = in_rows.filter(item__path__lte=paths[-1])
    milestones = list(
        in_rows.order_by("item_id", "due_date", "id").values_list(
            "item_id", "due_date", "completed_on", "title"
        )
    )
    off = _offset
    return {
        "plan": {
            "code": plan.code,
            "name": plan.name,
            "epoch": epoch.isoformat(),
            "end": off(plan.end_date, epoch),
            "today": off(plan.today(), epoch),
        },
        "complete": complete,
        "next": "" if complete else paths[-1],
        "kinds": KINDS,
        "statuses": STATUSES,
        "units": [short or name for _id, short, name in units],
        "leaders": [name for _id, name in leaders],
        "items": {
            "id": columns[0],
            "depth": columns[1],
            "children": columns[2],
            "kind": [_KIND_INDEX.get(k, 1) for k in kinds],
            "title": [f"{n} {t}" if n else t for n, t in zip(numbers, titles, strict=True)],
            "start": columns[6],
            "due": columns[7],
            "progress": columns[8],
            "status": [_STATUS_INDEX.get(c, 0) for c in statuses],
            "unit": [unit_index.get(u, -1) for u in unit_col],
            "leader": [leader_index.get(v, -1) for v in leader_col],
            "version": columns[12],
        },
        "milestones": {
            "row": [row_index.get(m[0], -1) for m in milestones],
            "due": [off(m[1], epoch) for m in milestones],
            "done": [off(m[2], epoch) for m in milestones],
            "title": [m[3] for m in milestones],
        },
    }


def item_chain(item: Item) -> list[dict[str, Any]]:
    """The item and its ancestors after a change, for the chart to repaint (their roll-ups and colours
    may have moved): one query."""
    epoch = item.plan.start_date
    steps = range(Item.steplen, len(item.path) + 1, Item.steplen)
    chain = Item.objects.filter(plan_id=item.plan_id, path__in=[item.path[:n] for n in steps])
    return [
        {
            "id": r[0],
            "start": _offset(r[1], epoch),
            "due": _offset(r[2], epoch),
            "progress": r[3],
            "status": _STATUS_INDEX.get(r[4], 0),
            "version": r[5],
        }
        for r in chain.order_by("path").values_list(
            "id", "start_date", "due_date", "progress", "status", "version"
        )
    ]


def plan_baselines(plan: Plan) -> list[Baseline]:
    return list(history.baselines_of(plan).only("id", "name", "created_at"))


def baseline_columns(plan: Plan, baseline_id: int) -> dict[str, Any] | None:
    """A baseline's dates as columns (item id, start, due as days from the plan's start), or ``None``
    if the plan has no such baseline."""
    baseline = history.baselines_of(plan).filter(pk=baseline_id).first()
    if baseline is None:
        return None
    epoch = plan.start_date
    dates = history.baseline_dates(baseline)
    return {
        "name": baseline.name,
        "id": list(dates),
        "start": [_offset(start, epoch) for start, _due in dates.values()],
        "due": [_offset(due, epoch) for _start, due in dates.values()],
    }
