"""Reads for the Gantt: a whole plan as compact columns (one array per field, dates as day offsets)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from luoshi.plans.models import Item, Leader, Milestone, Plan, Status, Unit

KINDS = [kind.value for kind in Item.Kind]
STATUSES = [status.value for status in Status]
_KIND_INDEX = {kind: i for i, kind in enumerate(KINDS)}
_STATUS_INDEX = {status: i for i, status in enumerate(STATUSES)}
ITEM_FIELDS = (
    "id",
    "depth",
    "numchild",
    "kind",
    "number",
    "title",
    "start_date",
    "due_date",
    "progress",
    "status",
    "lead_unit_id",
    "leader_id",
    "version",
)


def _offset(day: dt.date | None, epoch: dt.date) -> int | None:
    return None if day is None else (day - epoch).days


def gantt_data(plan: Plan) -> dict[str, Any]:
    """The plan's items in tree order and its milestones, as columns for the chart.

    Dates are days from the plan's start date; units and leaders are indices into their own lists
    (-1 for none); kinds and colours are indices into ``kinds`` and ``statuses``. Milestones point at
    their item by its row index. Four queries whatever the plan's size."""
    epoch = plan.start_date
    rows = list(Item.objects.filter(plan=plan).order_by("path").values_list(*ITEM_FIELDS))
    unit_ids = sorted({r[10] for r in rows if r[10] is not None})
    leader_ids = sorted({r[11] for r in rows if r[11] is not None})
    # An item's unit and leader belong to the plan's organisation (Item.clean): no id list needed.
    org = plan.organisation_id
    units = {
        u: short or name
        for u, short, name in Unit.objects.filter(organisation_id=org).values_list("id", "short_name", "name")
    }
    leaders = dict(Leader.objects.filter(organisation_id=org).values_list("id", "name"))
    unit_index = {uid: i for i, uid in enumerate(unit_ids)}
    leader_index = {lid: i for i, lid in enumerate(leader_ids)}
    row_index = {r[0]: i for i, r in enumerate(rows)}
    milestones = list(
        Milestone.objects.filter(item__plan=plan)
        .order_by("item_id", "due_date", "id")
        .values_list("item_id", "due_date", "completed_on", "title")
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
        "kinds": KINDS,
        "statuses": STATUSES,
        "units": [units.get(uid, "") for uid in unit_ids],
        "leaders": [leaders.get(lid, "") for lid in leader_ids],
        "items": {
            "id": [r[0] for r in rows],
            "depth": [r[1] for r in rows],
            "children": [r[2] for r in rows],
            "kind": [_KIND_INDEX.get(r[3], 1) for r in rows],
            "title": [f"{r[4]} {r[5]}" if r[4] else r[5] for r in rows],
            "start": [off(r[6], epoch) for r in rows],
            "due": [off(r[7], epoch) for r in rows],
            "progress": [r[8] for r in rows],
            "status": [_STATUS_INDEX.get(r[9], 0) for r in rows],
            "unit": [unit_index.get(r[10], -1) if r[10] is not None else -1 for r in rows],
            "leader": [leader_index.get(r[11], -1) if r[11] is not None else -1 for r in rows],
            "version": [r[12] for r in rows],
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
