"""The plan as of a date as the history pages rebuilt it before the database weighed the colours:
every item's newest record, every item's newest rating and their moments read into Python. Kept for
the tests alone, as the figures the faster paths (``selectors.plan_as_of``, ``figures_as_of``,
``compare_dates``) must equal exactly."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from luoshi.history import selectors as s
from luoshi.plans.models import Plan
from luoshi.status.services import weighted_progress


def plan_as_of(plan: Plan, when: dt.datetime, *, method: str | None = None) -> list[s.ItemState]:
    found = s.HistoricalItem.objects.filter(plan_id=plan.pk, history_date__lte=when)
    newest = s._newest(found, "id", ("history_date", "history_id"), method).values(*s.ITEM_COLUMNS)
    rows = [r for r in newest if r["history_type"] != "-"]
    if s.path_moves(plan, when, method):
        s._replay(plan, when, rows)
    ratings = s._ratings_as_of(plan, when, method)
    stale = {r["id"] for r in rows if r["id"] not in ratings or ratings[r["id"]][0] < r["history_date"]}
    after = s._colours_after(plan, stale, when, method)
    units = s._names_as_of(s.HistoricalUnit, (r["lead_unit_id"] for r in rows), when, method)
    leaders = s._names_as_of(s.HistoricalLeader, (r["leader_id"] for r in rows), when, method)
    rows.sort(key=lambda r: r["path"])
    numbers = s._numbers(plan, rows)
    by_path = {r["path"]: r for r in rows}
    children: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        children[r["path"][: -s.STEPLEN]].append(r)
    progress: dict[str, int] = {}
    for r in sorted(rows, key=lambda r: -r["depth"]):
        kids = children.get(r["path"], [])
        if kids:
            progress[r["path"]] = weighted_progress([(progress[k["path"]], k["weight"]) for k in kids])
        elif r["id"] not in stale:
            progress[r["path"]] = ratings[r["id"]][4]
        else:
            progress[r["path"]] = r["progress"]
    return [
        s._state_of(
            r,
            number=numbers[r["id"]],
            progress=progress[r["path"]],
            colour=s._colour(r, ratings.get(r["id"]), after.get(r["id"])),
            units=units,
            leaders=leaders,
            parent=by_path.get(r["path"][: -s.STEPLEN]),
            numchild=len(children.get(r["path"], [])),
        )
        for r in rows
    ]
