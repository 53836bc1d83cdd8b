"""The plan as of a date, rebuilt from its history; two dates compared; baselines.

An item's facts (place in the tree, number, title, units, dates, weight, its own progress) are its
newest history record at or before the date (django-simple-history writes one on every save and a
"-" record on deletion). The recompute step writes rolled-up progress and colours in bulk, without
history records, so:

- a parent's progress is rolled up again from its children as of the date, the way the recompute step
  does it (the same weighted mean), which gives exactly what the tree showed;
- an item's colour and reason are those of its newest rating at or before the date: the colour history
  (``StatusRecord``, one row per item and period, stamped when last rated) or its own history record,
  whichever is newer. The colour history keeps one rating per item and period, the period's last, so a
  date inside a period in which the item was rated again later shows the rating before that period's
  (see docs/history.md).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, overload

from django.apps import apps
from django.db import connection
from django.db.models import F, QuerySet, Window
from django.db.models.functions import Lag, RowNumber

from luoshi.history.models import Baseline, BaselineItem
from luoshi.lib.numbering import format_number, number_key, scheme_style
from luoshi.plans.models import Item, Leader, Plan, Unit
from luoshi.status.models import StatusRecord
from luoshi.status.services import weighted_progress

HistoricalItem: Any = getattr(Item, "history").model  # noqa: B009 - added by simple_history
HistoricalUnit: Any = getattr(Unit, "history").model  # noqa: B009
HistoricalLeader: Any = getattr(Leader, "history").model  # noqa: B009

STEPLEN = Item.steplen
ITEM_COLUMNS = (
    "id",
    "history_type",
    "history_date",
    "path",
    "depth",
    "number",
    "title",
    "kind",
    "lead_unit_id",
    "leader_id",
    "start_date",
    "due_date",
    "weight",
    "progress",
    "status",
    "status_code",
    "status_params",
    "planned_investment",
    "completed_investment",
    "number_fixed",
    "history_id",
    "progress_note",
)


# --- Baselines (read by the timeline) ------------------------------------------------------------


def baselines_of(plan: Plan) -> QuerySet[Baseline]:
    """The plan's baselines, newest first (id, name, created_at and who took it)."""
    return Baseline.objects.filter(plan=plan).order_by("-created_at", "-id")


def baseline_dates(baseline: Baseline) -> dict[int, tuple[dt.date | None, dt.date | None]]:
    """Item id → (start date, due date) as the baseline kept them."""
    rows = BaselineItem.objects.filter(baseline=baseline).values_list("item_id", "start_date", "due_date")
    return {item_id: (start, due) for item_id, start, due in rows}


def baseline_items(baseline: Baseline) -> dict[int, BaselineItem]:
    return {b.item_id: b for b in BaselineItem.objects.filter(baseline=baseline)}


# --- The plan as of a date -----------------------------------------------------------------------


@dataclass(frozen=True)
class ItemState:
    """One item as it was at a moment."""

    id: int
    path: str
    depth: int
    number: str
    title: str
    kind: str
    lead_unit_id: int | None
    lead_unit_name: str
    leader_id: int | None
    leader_name: str
    start_date: dt.date | None
    due_date: dt.date | None
    weight: Decimal
    progress: int
    status: str
    status_code: str
    status_params: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)
    planned_investment: Decimal | None = None
    completed_investment: Decimal | None = None
    deleted: bool = False
    parent_id: int | None = None
    numchild: int = 0
    progress_note: str = ""
    history_id: int = 0

    @property
    def parent_path(self) -> str:
        return self.path[:-STEPLEN]

    @property
    def status_reason(self) -> str:
        from luoshi.plans import reasons  # noqa: PLC0415 - a leaf helper, kept next to its one use

        return reasons.render(self.status_code, self.status_params)


# (rated at, colour, reason, reason parameters, progress); (colour, reason, reason parameters)
Rating = tuple[dt.datetime, str, str, dict[str, Any], int]
Colour = tuple[str, str, dict[str, Any]]


def _newest(
    queryset: QuerySet[Any],
    key: str | tuple[str, ...],
    order: tuple[str, ...],
    method: str | None,
    *,
    oldest: bool = False,
) -> QuerySet[Any]:
    """The newest (or ``oldest``) row per ``key`` (a field or fields) of ``queryset``: ``DISTINCT ON``
    on PostgreSQL, a window function elsewhere (both give the same rows; ``method`` forces one, for
    the tests)."""
    method = method or ("distinct" if connection.vendor == "postgresql" else "window")
    keys = (key,) if isinstance(key, str) else key
    sign = "" if oldest else "-"
    if method == "distinct":
        return queryset.order_by(*keys, *(f"{sign}{o}" for o in order)).distinct(*keys)
    ordering = [F(o).asc() if oldest else F(o).desc() for o in order]
    ranked = queryset.annotate(
        newest=Window(RowNumber(), partition_by=[F(k) for k in keys], order_by=ordering)
    )
    return ranked.filter(newest=1)


# What a living item's row carries besides its colour: the columns the rebuild reads. The record's own
# colour, its moment and its rating are weighed in the statement that reads it (``_coloured_sql``).
LIVING_COLUMNS = tuple(
    c for c in ITEM_COLUMNS if c not in ("history_date", "status", "status_code", "status_params")
)


def _coloured_sql(
    plan: Plan, when: dt.datetime, method: str | None, columns: tuple[str, ...]
) -> tuple[str, list[Any]]:
    """One statement giving, for each item living at ``when`` (its newest record at or before it is not
    a deletion), ``columns`` of that record, then its colour, reason code and reason parameters (as
    JSON text) as :func:`_colour` picks them, and the progress of its newest rating if that rating is
    not older than the record (else NULL). The moments are compared in the database, so none is read:
    the rating is lost (``stale``) if there is none or it is older than the record, and the colour is
    then that of the item's next record after ``when``, read for those items alone."""
    records = HistoricalItem.objects.filter(plan_id=plan.pk, history_date__lte=when)
    own = ("id", "history_type", "history_date", "status", "status_code", "status_params")
    newest = _newest(records, "id", ("history_date", "history_id"), method)
    items_sql, items_params = newest.values(*dict.fromkeys((*columns, *own))).query.sql_with_params()
    ratings = _newest(
        StatusRecord.objects.filter(plan=plan, recorded_at__lte=when),
        "item_id",
        ("recorded_at", "period"),
        method,
    ).values("item_id", "recorded_at", "status", "reason_code", "reason_params", "progress")
    ratings_sql, ratings_params = ratings.query.sql_with_params()
    q = connection.ops.quote_name
    table = q(HistoricalItem._meta.db_table)
    picked = ", ".join(f"j.{q(c)}" for c in columns)
    # the table's quoted name, this module's column names and the ORM's own statements; the values
    # are parameters
    sql = f"""
        WITH i AS ({items_sql}), r AS ({ratings_sql}), j AS (
            SELECT i.*, r.status AS r_status, r.reason_code AS r_code, r.reason_params AS r_params,
                r.progress AS r_progress,
                CASE WHEN r.item_id IS NULL OR r.recorded_at < i.history_date THEN 1 ELSE 0 END AS stale
            FROM i LEFT JOIN r ON r.item_id = i.id
            WHERE i.history_type <> '-'
        ), k AS (
            SELECT j.*, CASE WHEN j.stale = 1 THEN (
                SELECT h.history_id FROM {table} h
                WHERE h.plan_id = %s AND h.id = j.id AND h.history_date > %s
                ORDER BY h.history_date, h.history_id LIMIT 1
            ) END AS later_id
            FROM j
        )
        SELECT {picked},
            CASE WHEN l.history_id IS NOT NULL THEN l.status
                 WHEN j.r_status IS NOT NULL THEN j.r_status ELSE j.status END AS colour,
            CASE WHEN l.history_id IS NOT NULL THEN l.status_code
                 WHEN j.r_status IS NOT NULL THEN j.r_code ELSE j.status_code END AS colour_code,
            CASE WHEN l.history_id IS NOT NULL THEN l.status_params
                 WHEN j.r_status IS NOT NULL THEN j.r_params ELSE j.status_params END AS colour_params,
            CASE WHEN j.stale = 1 THEN NULL ELSE j.r_progress END AS rated
        FROM k j LEFT JOIN {table} l ON l.history_id = j.later_id"""  # noqa: S608
    moment = connection.ops.adapt_datetimefield_value(when)
    return sql, [*items_params, *ratings_params, plan.pk, moment]


def item_rows_as_of(
    plan: Plan, when: dt.datetime, *, method: str | None = None, columns: tuple[str, ...] = LIVING_COLUMNS
) -> list[dict[str, Any]]:
    """Each living item's newest history record at or before ``when`` (``columns`` of it), with its
    ``colour`` (colour, reason code, parameters as JSON text: :func:`_params_decoder`) and ``rated``
    (its newest rating's progress, ``None`` if it lost that rating) as of then: one statement, which
    decodes no moment (see :func:`_coloured_sql`)."""
    sql, params = _coloured_sql(plan, when, method, columns)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    width = len(columns)
    out = []
    for row in found:
        r = dict(zip(columns, row[:width], strict=True))
        r["colour"] = row[width : width + 3]
        r["rated"] = row[width + 3]
        out.append(r)
    return out


def _params_decoder() -> Callable[[Any], dict[str, Any]]:
    """JSON text of reason parameters → a dict of its own (``{}`` for none). Most items share a few
    texts (``{}`` above all): each text is parsed once and copied."""
    parsed: dict[str, dict[str, Any]] = {}

    def decode(value: Any) -> dict[str, Any]:
        if not isinstance(value, str):  # already decoded by the driver, or NULL
            return dict(value or {})
        if value not in parsed:
            parsed[value] = json.loads(value) or {}
        return dict(parsed[value])

    return decode


def _inc(path: str) -> str:
    """The next sibling's path (treebeard's increment of the last step)."""
    step = path[-STEPLEN:]
    return path[:-STEPLEN] + Item._int2str(Item._str2int(step) + 1).rjust(STEPLEN, "0")


def path_moves(plan: Plan, when: dt.datetime, method: str | None = None) -> list[tuple[Any, ...]]:
    """The records up to ``when`` whose path differs from the item's record before: (moment, history
    id, item id, previous path, path). Empty if nothing moved. Only a moved item gets a history
    record; its sub-items and the siblings the tree shifts to make room are rewritten in bulk,
    without records, so their later records differ from their earlier ones too."""
    rows = HistoricalItem.objects.filter(plan_id=plan.pk, history_date__lte=when).annotate(
        previous=Window(
            Lag("path"), partition_by=[F("id")], order_by=[F("history_date").asc(), F("history_id").asc()]
        )
    )
    moved = rows.filter(previous__isnull=False).exclude(previous=F("path"))
    found = moved.values_list("history_date", "history_id", "id", "previous", "path")
    return sorted(found)


def _apply_move(cur: dict[int, str], mover: int, old: str, new: str) -> None:
    """Move ``mover`` from ``old`` to ``new`` in ``cur`` (item id → path) as treebeard does: its
    sub-items follow it, and the run of occupied places from ``new`` among its new siblings moves one
    place right (with their sub-items) to make room."""
    following = {pk for pk, p in cur.items() if p.startswith(old)}
    place = {p: pk for pk, p in cur.items() if pk not in following}
    slot, run = new, []
    while slot in place:
        run.append(slot)
        slot = _inc(slot)
    if run:
        for pk, p in list(cur.items()):
            if pk in following:
                continue
            for start in run:
                if p.startswith(start):
                    cur[pk] = _inc(start) + p[len(start) :]
                    break
    for pk in following:
        cur[pk] = new + cur[pk][len(old) :]


def _replay(plan: Plan, when: dt.datetime, rows: list[dict[str, Any]]) -> None:
    """Bring the paths of ``rows`` up to date with the moves made after their records, by replaying
    every record of the plan up to ``when`` in order: a record whose path differs from the item's
    replayed path is a move. Read only when the plan had moves (:func:`path_moves`)."""
    records = (
        HistoricalItem.objects.filter(plan_id=plan.pk, history_date__lte=when)
        .order_by("history_date", "history_id")
        .values_list("id", "path", "history_type")
    )
    cur: dict[int, str] = {}
    for pk, path, kind in records.iterator(chunk_size=5000):
        if kind == "-":
            cur.pop(pk, None)
        elif pk not in cur:
            cur[pk] = path
        elif cur[pk] != path:
            _apply_move(cur, pk, cur[pk], path)
    for r in rows:
        r["path"] = cur.get(r["id"], r["path"])
        r["depth"] = len(r["path"]) // STEPLEN


# What the page reads of every record of the pillars it shows: enough to place each item and roll
# its progress up. The rest of a row (numbers, titles, units, dates, reasons, progress text) is read
# for the shown rows alone (``SHOWN_COLUMNS``).
PAGE_COLUMNS = ("id", "history_id", "history_type", "path", "depth", "weight", "progress")
SHOWN_COLUMNS = tuple(c for c in ITEM_COLUMNS if c not in PAGE_COLUMNS)
ID_BATCH = 5000  # ids one query lists at most
PATH_LENGTH: int = Item._meta.get_field("path").max_length or 255


def _pillar_paths(plan: Plan, when: dt.datetime) -> list[str] | None:
    """The paths of the plan's pillars at ``when``, in order; ``None`` if a pillar moved (or an item
    moved to or from the top level) by then: the other pillars' records then lag behind."""
    rows = HistoricalItem.objects.filter(plan_id=plan.pk, history_date__lte=when)
    tops = rows.filter(id__in=rows.filter(depth=1).values("id"))
    paths: dict[int, set[str]] = defaultdict(set)
    newest: dict[int, tuple[dt.datetime, int, str, str]] = {}
    for pk, path, kind, date, history_id in tops.values_list(
        "id", "path", "history_type", "history_date", "history_id"
    ):
        paths[pk].add(path)
        if pk not in newest or (date, history_id) > newest[pk][:2]:
            newest[pk] = (date, history_id, path, kind)
    if any(len(p) > 1 for p in paths.values()):
        return None
    return sorted(path for _d, _h, path, kind in newest.values() if kind != "-" and len(path) == STEPLEN)


def _subtree_rows(plan: Plan, when: dt.datetime, top: str, method: str | None) -> list[dict[str, Any]] | None:
    """The newest record at or before ``when`` of each item under the path ``top`` (deletions
    included), ``PAGE_COLUMNS`` only, in path order; ``None`` if one of them moved by then (into,
    out of or within the subtree: its records do not all have one path), as the records of a subtree
    then lag behind its items."""
    last = top + Item.alphabet[-1] * (PATH_LENGTH - len(top))
    if (method or "distinct") == "distinct" and connection.vendor == "postgresql":
        return _subtree_rows_pg(plan, when, top, last)
    rows = HistoricalItem.objects.filter(plan_id=plan.pk, history_date__lte=when)
    below = rows.filter(path__gte=top, path__lte=last)
    found = list(_newest(below, ("path", "id"), ("history_date", "history_id"), method).values(*PAGE_COLUMNS))
    paths = {r["id"]: r["path"] for r in found}
    if len(paths) < len(found):
        return None  # an item has records at two places of the subtree
    ids = list(paths)
    for start in range(0, len(ids), ID_BATCH):
        records = rows.filter(id__in=ids[start : start + ID_BATCH]).values_list("id", "path")
        if any(paths[pk] != path for pk, path in records):
            return None
    return sorted(found, key=lambda r: r["path"])


def _subtree_rows_pg(plan: Plan, when: dt.datetime, top: str, last: str) -> list[dict[str, Any]] | None:
    """:func:`_subtree_rows` in one statement: the newest records from the (plan, path, id, date)
    index alone, and whether any of those items has a record elsewhere, one probe of the (plan, id,
    date, path) index per item."""
    table = connection.ops.quote_name(HistoricalItem._meta.db_table)
    columns = ", ".join(PAGE_COLUMNS)
    # the table's quoted name and this module's column names; the values are parameters
    sql = f"""
        WITH newest AS MATERIALIZED (
            SELECT DISTINCT ON (path, id) {columns} FROM {table}
            WHERE plan_id = %(plan)s AND history_date <= %(when)s AND path >= %(top)s AND path <= %(last)s
            ORDER BY path, id, history_date DESC, history_id DESC
        )
        SELECT {columns}, EXISTS (
            SELECT 1 FROM {table} h JOIN newest m ON h.id = m.id
            WHERE h.plan_id = %(plan)s AND h.history_date <= %(when)s AND h.path <> m.path
        ) FROM newest"""  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, {"plan": plan.pk, "when": when, "top": top, "last": last})
        found = cursor.fetchall()
    if found and found[0][-1]:
        return None
    return sorted((dict(zip(PAGE_COLUMNS, r[:-1], strict=True)) for r in found), key=lambda r: r["path"])


def plan_as_of_page(
    plan: Plan, when: dt.datetime, *, after: str = "", limit: int = 500, method: str | None = None
) -> tuple[list[ItemState], str]:
    """A page of the tree at ``when``: the rows after the path ``after``, in tree order, until
    ``limit`` rows; and the path to continue after ("" if no row follows). The same states as
    :func:`plan_as_of` gives for those rows. Reads the records of the pillars the page shows
    (narrow: place, weight and progress, to roll up), then the rest of the shown rows only. If an
    item of those pillars (or a pillar) moved by then, the whole plan is rebuilt."""
    if limit <= 0:
        return [], ""
    out: list[ItemState] = []
    pillars = _pillar_paths(plan, when)
    for place, pillar in enumerate(pillars or []):
        if pillar < after[:STEPLEN]:
            continue
        rows = _subtree_rows(plan, when, pillar, method)
        if rows is None:
            break
        room = limit - len(out)
        # one row more than there is room for: whether another follows in this pillar
        found = _page_states(plan, rows, when, method, pillars_before=place, pick=_after(after, room + 1))
        out += found[:room]
        if len(out) == limit:
            follows = len(found) > room or place < len(pillars or []) - 1
            return out, out[-1].path if follows else ""
    else:
        if pillars is not None:
            return out, ""
    # Moved items leave their sub-items' records behind: rebuild the whole plan.
    whole = [s for s in plan_as_of(plan, when, method=method) if s.path > after]
    return whole[:limit], whole[limit - 1].path if len(whole) > limit else ""


Pick = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


def _after(after: str, room: int) -> Pick:
    """The first ``room`` rows after the path ``after``."""
    return lambda alive: [r for r in alive if r["path"] > after][: max(room, 0)]


def _page_states(
    plan: Plan,
    rows: list[dict[str, Any]],
    when: dt.datetime,
    method: str | None,
    *,
    pillars_before: int,
    pick: Pick,
) -> list[ItemState]:
    """The states of the items ``pick`` takes (of the living ones, in path order) of one pillar's
    subtree (``rows``: :func:`_subtree_rows`), as :func:`_states` gives them over the whole subtree."""
    alive = [r for r in rows if r["history_type"] != "-"]
    children: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in alive:
        children[r["path"][:-STEPLEN]].append(r)
    # A leaf's progress is its own record's, except one that lost its sub-items (deleted; a move
    # would have sent the page to the whole plan): it keeps its last roll-up, which only its newest
    # rating holds. Every other leaf's rating carries the progress of its newest record.
    parents_of_deleted = {r["path"][:-STEPLEN] for r in rows if r["history_type"] == "-"}
    orphans = [r for r in alive if r["path"] in parents_of_deleted and r["path"] not in children]
    shown = pick(alive)
    if not shown:
        return []
    wide = HistoricalItem.objects.filter(history_id__in=[r["history_id"] for r in shown + orphans])
    rest = {w["history_id"]: w for w in wide.values("history_id", *SHOWN_COLUMNS)}
    for r in shown + orphans:
        r.update(rest[r["history_id"]])
    ratings = _ratings_as_of(plan, when, method, [r["id"] for r in shown + orphans])

    def stale(r: dict[str, Any]) -> bool:
        return r["id"] not in ratings or ratings[r["id"]][0] < r["history_date"]

    progress: dict[str, int] = {}
    orphan_ids = {r["id"] for r in orphans}
    for r in sorted(alive, key=lambda r: -r["depth"]):
        kids = children.get(r["path"])
        if kids:
            progress[r["path"]] = weighted_progress([(progress[k["path"]], k["weight"]) for k in kids])
        elif r["id"] in orphan_ids and not stale(r):
            progress[r["path"]] = ratings[r["id"]][4]
        else:
            progress[r["path"]] = r["progress"]
    numbers = _numbers(plan, alive, pillars_before, only={r["id"] for r in shown})
    later = _colours_after(plan, {r["id"] for r in shown if stale(r)}, when, method)
    units = _names_as_of(HistoricalUnit, (r["lead_unit_id"] for r in shown), when, method)
    leaders = _names_as_of(HistoricalLeader, (r["leader_id"] for r in shown), when, method)
    by_path = {r["path"]: r for r in alive}
    return [
        _state_of(
            r,
            number=numbers[r["id"]],
            progress=progress[r["path"]],
            colour=_colour(r, ratings.get(r["id"]), later.get(r["id"])),
            units=units,
            leaders=leaders,
            parent=by_path.get(r["path"][:-STEPLEN]),
            numchild=len(children.get(r["path"], [])),
        )
        for r in shown
    ]


def _names_as_of(model: Any, ids: Iterable[int], when: dt.datetime, method: str | None) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = model.objects.filter(id__in=wanted, history_date__lte=when)
    return {
        r["id"]: r["name"]
        for r in _newest(rows, "id", ("history_date", "history_id"), method).values("id", "name")
    }


def _ratings_as_of(
    plan: Plan, when: dt.datetime, method: str | None, ids: list[int] | None = None
) -> dict[int, Rating]:
    rows = StatusRecord.objects.filter(plan=plan, recorded_at__lte=when)
    if ids is not None:
        rows = rows.filter(item_id__in=ids)
    return {
        r["item_id"]: (r["recorded_at"], r["status"], r["reason_code"], r["reason_params"], r["progress"])
        for r in _newest(rows, "item_id", ("recorded_at", "period"), method).values(
            "item_id", "recorded_at", "status", "reason_code", "reason_params", "progress"
        )
    }


def plan_as_of(plan: Plan, when: dt.datetime, *, method: str | None = None) -> list[ItemState]:
    """The plan's items as they were at ``when``, in tree order. Items created after ``when`` or
    deleted before it are absent. A constant number of queries (items, moves, colours, unit and
    leader names), whatever the plan's size."""
    rows = item_rows_as_of(plan, when, method=method)
    if path_moves(plan, when, method):
        _replay(plan, when, rows)
    return _states(plan, rows, when, method)


def _colours_after(plan: Plan, ids: set[int], when: dt.datetime, method: str | None) -> dict[int, Colour]:
    """The colour each item had just before its first save after ``when`` (its next history record)."""
    if not ids:
        return {}
    rows = HistoricalItem.objects.filter(plan_id=plan.pk, history_date__gt=when)
    if len(ids) <= 5000:
        rows = rows.filter(id__in=ids)
    nxt = _newest(rows, "id", ("history_date", "history_id"), method, oldest=True)
    return {
        r["id"]: (r["status"], r["status_code"], r["status_params"] or {})
        for r in nxt.values("id", "status", "status_code", "status_params")
        if r["id"] in ids
    }


def _numbers(
    plan: Plan, rows: list[dict[str, Any]], pillars_before: int = 0, *, only: set[int] | None = None
) -> dict[int, str]:
    """Numbers as the plan's numbering gave them (it renumbers in bulk, without history records): by
    place among siblings and the plan's scheme, keeping a number the office typed. ``only``: the
    items to number (every row still counts for its siblings' places)."""
    scheme = plan.scheme()
    place: dict[str, int] = defaultdict(int)
    place[""] = pillars_before
    out = {}
    for r in rows:  # in path order
        parent = r["path"][:-STEPLEN]
        place[parent] += 1
        if only is not None and r["id"] not in only:
            continue
        out[r["id"]] = _number(scheme, r, place[parent])
    return out


def _number(scheme: Any, r: dict[str, Any], place: int) -> str:
    number = format_number(scheme_style(scheme, r["depth"]), place)
    keep = r["number_fixed"] or number_key(r["number"]) == number_key(number)
    return r["number"] if keep else number


@dataclass
class _Tree:
    """The plan (or one pillar's subtree) at a moment before its states are made: its living rows in
    path order, each one's rolled-up progress and sub-items, and the states made so far."""

    plan: Plan
    when: dt.datetime
    method: str | None
    rows: list[dict[str, Any]]
    progress: dict[str, int]
    children: dict[str, list[dict[str, Any]]]
    by_path: dict[str, dict[str, Any]]
    places: dict[int, int]  # item id → its place among its siblings (the numbering's)
    made: dict[int, ItemState] = field(default_factory=dict)

    def parent_id(self, r: dict[str, Any]) -> int | None:
        parent = self.by_path.get(r["path"][:-STEPLEN])
        return parent["id"] if parent is not None else None


def _tree(
    plan: Plan, rows: list[dict[str, Any]], when: dt.datetime, method: str | None, pillars_before: int = 0
) -> _Tree:
    """``rows`` (each with its ``colour`` and ``rated``: :func:`item_rows_as_of`, :func:`_with_colours`)
    placed and rolled up; their records need no more than place, weight and progress."""
    rows.sort(key=lambda r: r["path"])
    by_path = {r["path"]: r for r in rows}
    children: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        children[r["path"][:-STEPLEN]].append(r)
    progress: dict[str, int] = {}
    for r in sorted(rows, key=lambda r: -r["depth"]):
        kids = children.get(r["path"], [])
        if kids:
            progress[r["path"]] = weighted_progress([(progress[k["path"]], k["weight"]) for k in kids])
        elif r["rated"] is not None:
            # a leaf's progress is its own, except one that lost its sub-items: its last roll-up
            progress[r["path"]] = r["rated"]
        else:
            progress[r["path"]] = r["progress"]
    place: dict[str, int] = defaultdict(int)
    place[""] = pillars_before
    places = {}
    for r in rows:
        place[r["path"][:-STEPLEN]] += 1
        places[r["id"]] = place[r["path"][:-STEPLEN]]
    return _Tree(plan, when, method, rows, progress, children, by_path, places)


def _made(tree: _Tree, rows: list[dict[str, Any]]) -> list[ItemState]:
    """The states of ``rows`` (some or all of ``tree.rows``, with the rest of their records:
    ``LIVING_COLUMNS``)."""
    units = _names_as_of(HistoricalUnit, (r["lead_unit_id"] for r in rows), tree.when, tree.method)
    leaders = _names_as_of(HistoricalLeader, (r["leader_id"] for r in rows), tree.when, tree.method)
    scheme = tree.plan.scheme()
    decode = _params_decoder()
    return [
        _state_of(
            r,
            number=_number(scheme, r, tree.places[r["id"]]),
            progress=tree.progress[r["path"]],
            colour=(r["colour"][0], r["colour"][1], decode(r["colour"][2])),
            units=units,
            leaders=leaders,
            parent=tree.by_path.get(r["path"][:-STEPLEN]),
            numchild=len(tree.children.get(r["path"], [])),
        )
        for r in rows
    ]


def _states_of(tree: _Tree, ids: Iterable[int]) -> dict[int, ItemState]:
    """The states of those of ``ids`` that ``tree`` holds, the rest of their records read now (once)."""
    ids = list(ids)
    by_id = {r["id"]: r for r in tree.rows}
    wanted = [by_id[pk] for pk in dict.fromkeys(ids) if pk in by_id and pk not in tree.made]
    missing = [c for c in LIVING_COLUMNS if wanted and c not in wanted[0]]
    for start in range(0, len(wanted) if missing else 0, ID_BATCH):
        part = wanted[start : start + ID_BATCH]
        wide = HistoricalItem.objects.filter(history_id__in=[r["history_id"] for r in part])
        rest = {w["history_id"]: w for w in wide.values("history_id", *missing)}
        for r in part:
            r.update(rest[r["history_id"]])
    if wanted:
        tree.made.update((s.id, s) for s in _made(tree, wanted))
    return {pk: tree.made[pk] for pk in ids if pk in tree.made}


def _states(
    plan: Plan,
    rows: list[dict[str, Any]],
    when: dt.datetime,
    method: str | None,
    *,
    pillars_before: int | None = None,
) -> list[ItemState]:
    """States of ``rows`` (the whole plan, or with ``pillars_before`` one pillar's subtree, that many
    pillars coming before it), each row a whole record (``LIVING_COLUMNS``) with its ``colour`` and
    ``rated``."""
    tree = _tree(plan, rows, when, method, pillars_before or 0)
    return _made(tree, tree.rows)


def _with_colours(plan: Plan, rows: list[dict[str, Any]], when: dt.datetime, method: str | None) -> None:
    """Give full records (``ITEM_COLUMNS``) the ``colour`` and ``rated`` that
    :func:`item_rows_as_of` reads in its statement, here from the ratings of those items."""
    ratings = _ratings_as_of(plan, when, method, [r["id"] for r in rows])
    # An item whose own save at or before ``when`` is newer than its newest surviving rating lost that
    # rating (rated again later in the same period, or deleted with its colour history since): its
    # next history record carries the colour it had until then.
    stale = {r["id"] for r in rows if r["id"] not in ratings or ratings[r["id"]][0] < r["history_date"]}
    after = _colours_after(plan, stale, when, method)
    for r in rows:
        r["colour"] = _colour(r, ratings.get(r["id"]), after.get(r["id"]))
        r["rated"] = None if r["id"] in stale else ratings[r["id"]][4]


def _colour(r: dict[str, Any], rating: Rating | None, later: Colour | None) -> Colour:
    """An item's colour and reason: the one its next record carries if its rating was lost, else its
    newest rating's, else its own record's."""
    if later is not None:
        return later
    if rating is not None:
        return rating[1], rating[2], rating[3] or {}
    return r["status"], r["status_code"], r["status_params"] or {}


def _state_of(
    r: dict[str, Any],
    *,
    number: str,
    progress: int,
    colour: Colour,
    units: Mapping[int, str],
    leaders: Mapping[int, str],
    parent: dict[str, Any] | None,
    numchild: int,
) -> ItemState:
    status, code, params = colour
    return ItemState(
        id=r["id"],
        path=r["path"],
        depth=r["depth"],
        number=number,
        title=r["title"],
        kind=r["kind"],
        lead_unit_id=r["lead_unit_id"],
        lead_unit_name=units.get(r["lead_unit_id"], ""),
        leader_id=r["leader_id"],
        leader_name=leaders.get(r["leader_id"], ""),
        start_date=r["start_date"],
        due_date=r["due_date"],
        weight=r["weight"],
        progress=progress,
        status=status,
        status_code=code,
        status_params=params,
        planned_investment=r["planned_investment"],
        completed_investment=r["completed_investment"],
        deleted=r["history_type"] == "-",
        parent_id=parent["id"] if parent is not None else None,
        numchild=numchild,
        progress_note=r["progress_note"],
        history_id=r["history_id"],
    )


def cooperating_units_as_of(states: list[ItemState], when: dt.datetime) -> dict[int, list[str]]:
    """Item id → the names of its cooperating units, from the many-to-many snapshot each history
    record carries, with the units' names as of ``when``."""
    # simple_history names the snapshot model after the history model and the field.
    through: Any = apps.get_model("plans", "HistoricalItem_cooperating_units")
    if not states:
        return {}
    by_history = {s.history_id: s.id for s in states}
    links: list[tuple[int, int]] = []
    ids = list(by_history)
    for start in range(0, len(ids), 5000):
        links += through.objects.filter(history_id__in=ids[start : start + 5000]).values_list(
            "history_id", "unit_id"
        )
    names = _names_as_of(HistoricalUnit, {u for _h, u in links}, when, None)
    out: dict[int, list[str]] = defaultdict(list)
    for history_id, unit_id in links:
        out[by_history[history_id]].append(names.get(unit_id, ""))
    return {k: sorted(v) for k, v in out.items()}


def milestones_as_of(plan: Plan, when: dt.datetime) -> dict[int, list[tuple[dt.date, str]]]:
    """Item id → its milestones (due date, title) as of ``when``."""
    from luoshi.plans.models import Milestone  # noqa: PLC0415 - only the ledger's rows need it

    historical: Any = getattr(Milestone, "history").model  # noqa: B009
    rows = historical.objects.filter(
        item_id__in=HistoricalItem.objects.filter(plan_id=plan.pk).values("id"), history_date__lte=when
    )
    out: dict[int, list[tuple[dt.date, str]]] = defaultdict(list)
    for r in _newest(rows, "id", ("history_date", "history_id"), None).values(
        "item_id", "due_date", "title", "history_type"
    ):
        if r["history_type"] != "-":
            out[r["item_id"]].append((r["due_date"], r["title"]))
    return {k: sorted(v) for k, v in out.items()}


def item_as_of(plan: Plan, item_id: int, when: dt.datetime) -> ItemState | None:
    """One item as of ``when`` (``deleted`` set if it had been deleted by then); ``None`` if it did
    not exist yet. Its progress and colour are read with the rest of its pillar (the whole plan if
    something there moved), so they agree with the tree's."""
    row = HistoricalItem.objects.filter(id=item_id, plan_id=plan.pk, history_date__lte=when).order_by(
        "-history_date", "-history_id"
    )
    last = row.values(*ITEM_COLUMNS).first()
    if last is None:
        return None
    if last["history_type"] != "-":
        state = _item_in_pillar(plan, item_id, last["path"][:STEPLEN], when)
        if state is not None:
            return state
        for state in plan_as_of(plan, when):
            if state.id == item_id:
                return state
    _with_colours(plan, [last], when, None)
    return replace(
        _states(plan, [last], when, None, pillars_before=0)[0], number=last["number"], deleted=True
    )


def _item_in_pillar(plan: Plan, item_id: int, top: str, when: dt.datetime) -> ItemState | None:
    """The item rebuilt with the pillar its record is under, ``None`` if that cannot be trusted
    (a move there, or no such pillar then)."""
    pillars = _pillar_paths(plan, when)
    if pillars is None or top not in pillars:
        return None
    rows = _subtree_rows(plan, when, top, None)
    if rows is None:
        return None

    def pick(alive: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [r for r in alive if r["id"] == item_id]

    states = _page_states(plan, rows, when, None, pillars_before=pillars.index(top), pick=pick)
    return states[0] if states else None


def item_plan_id(item_id: int) -> int | None:
    """The plan an item belongs (or belonged) to, from its history: a deleted item keeps its page."""
    return (
        HistoricalItem.objects.filter(id=item_id)
        .order_by("-history_date", "-history_id")
        .values_list("plan_id", flat=True)
        .first()
    )


def item_history_dates(item_id: int) -> list[dt.datetime]:
    return list(
        HistoricalItem.objects.filter(id=item_id)
        .order_by("-history_date")
        .values_list("history_date", flat=True)
    )


# --- Dashboard figures as of a date --------------------------------------------------------------

COLOURS = ("red", "yellow", "green", "done", "none")


@dataclass(frozen=True)
class Pillar:
    """A pillar as the figures name it."""

    id: int
    number: str
    title: str


@dataclass(frozen=True)
class Figures:
    total: Counter[str]
    by_pillar: dict[int, Counter[str]]
    by_unit: dict[int, Counter[str]]
    unit_names: dict[int, str]
    pillars: list[Pillar]


def figures_of(states: Iterable[ItemState]) -> Figures:
    """The dashboard's colour counts over rebuilt rows, grouped as the live dashboard groups them
    (``luoshi.dashboard.selectors.colour_counts``): every item, by its pillar and by its lead unit."""
    rows = list(states)
    pillars = {s.path: s for s in rows if s.depth == 1}
    total: Counter[str] = Counter()
    by_pillar: dict[int, Counter[str]] = defaultdict(Counter)
    by_unit: dict[int, Counter[str]] = defaultdict(Counter)
    names: dict[int, str] = {}
    for s in rows:
        total[s.status] += 1
        pillar = pillars.get(s.path[:STEPLEN])
        if pillar is not None:
            by_pillar[pillar.id][s.status] += 1
        if s.lead_unit_id:
            by_unit[s.lead_unit_id][s.status] += 1
            names[s.lead_unit_id] = s.lead_unit_name
    named = [Pillar(p.id, p.number, p.title) for p in pillars.values()]
    return Figures(total, dict(by_pillar), dict(by_unit), names, named)


def figures_as_of(plan: Plan, when: dt.datetime, *, method: str | None = None) -> Figures:
    """``figures_of(plan_as_of(plan, when))`` without rebuilding the plan: a colour needs no roll-up,
    so the database counts the items by pillar, lead unit and colour (:func:`_coloured_sql`), and only
    the pillars are read whole. If something moved by then, the records' paths lag behind the tree:
    each item's place, unit and colour are read instead, the paths replayed and the items counted here."""
    if path_moves(plan, when, method):
        rows = _placed_colours(plan, when, method)
        tops = [r for r in rows if len(r["path"]) == STEPLEN]
        counts: Counter[tuple[str, int | None, str]] = Counter(
            (r["path"][:STEPLEN], r["lead_unit_id"], r["colour"]) for r in rows
        )
    else:
        records = HistoricalItem.objects.filter(plan_id=plan.pk, history_date__lte=when, depth=1)
        newest = _newest(records, "id", ("history_date", "history_id"), method)
        tops = [
            r for r in newest.values("id", "history_id", "history_type", "path") if r["history_type"] != "-"
        ]
        counts = _colour_counts(plan, when, method)
    tops.sort(key=lambda r: r["path"])
    wide = HistoricalItem.objects.filter(history_id__in=[r["history_id"] for r in tops])
    rest = {w["history_id"]: w for w in wide.values("history_id", "number", "number_fixed", "title")}
    for r in tops:
        r.update(rest[r["history_id"]], depth=1)
    numbers = _numbers(plan, tops)
    pillars = {r["path"]: r["id"] for r in tops}
    total: Counter[str] = Counter()
    by_pillar: dict[int, Counter[str]] = defaultdict(Counter)
    by_unit: dict[int, Counter[str]] = defaultdict(Counter)
    for (top, unit, colour), n in counts.items():
        total[colour] += n
        if top in pillars:
            by_pillar[pillars[top]][colour] += n
        if unit:
            by_unit[unit][colour] += n
    units = _names_as_of(HistoricalUnit, by_unit, when, method)
    names = {pk: units.get(pk, "") for pk in by_unit}
    named = [Pillar(r["id"], numbers[r["id"]], r["title"]) for r in tops]
    return Figures(total, dict(by_pillar), dict(by_unit), names, named)


def _colour_counts(plan: Plan, when: dt.datetime, method: str | None) -> Counter[tuple[str, int | None, str]]:
    """(the path of an item's pillar, its lead unit, its colour) → how many living items, at ``when``,
    by their records' paths."""
    sql, params = _coloured_sql(plan, when, method, ("path", "lead_unit_id"))
    # the statement above; the values are parameters
    grouped = f"SELECT SUBSTR(c.path, 1, {STEPLEN}), c.lead_unit_id, c.colour, COUNT(*) FROM ({sql}) c GROUP BY 1, 2, 3"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(grouped, params)
        return Counter({(top, unit, colour): n for top, unit, colour, n in cursor.fetchall()})


def _placed_colours(plan: Plan, when: dt.datetime, method: str | None) -> list[dict[str, Any]]:
    """Each living item's id, history id, place (its path replayed through the moves), lead unit and
    colour at ``when``."""
    columns = ("id", "history_id", "path", "lead_unit_id")
    sql, params = _coloured_sql(plan, when, method, columns)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [{**dict(zip(columns, r[:4], strict=True)), "colour": r[4]} for r in cursor.fetchall()]
    _replay(plan, when, rows)
    return rows


# --- Two dates compared --------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    before: ItemState | None
    after: ItemState | None

    @property
    def item(self) -> ItemState:
        state = self.after or self.before
        assert state is not None
        return state


@dataclass(frozen=True)
class Comparison:
    recoloured: Sequence[Change]
    moved: Sequence[Change]
    added: Sequence[Change]
    removed: Sequence[Change]
    progressed: Sequence[Change]
    rescheduled: Sequence[Change]
    # of the rescheduled, those whose due date moved later (or was dropped)
    slipped: Sequence[Change]

    def counts(self) -> dict[str, int]:
        return {
            "recoloured": len(self.recoloured),
            "moved": len(self.moved),
            "added": len(self.added),
            "removed": len(self.removed),
            "progressed": len(self.progressed),
            "rescheduled": len(self.rescheduled),
        }


def _position(state: ItemState) -> tuple[int | None, str]:
    return state.parent_id, state.path[-STEPLEN:]


def _slipped(before: dt.date | None, after: dt.date | None) -> bool:
    return before is not None and (after is None or after > before)


def compare_states(before: Iterable[ItemState], after: Iterable[ItemState]) -> Comparison:
    """What changed between two rebuilt plans: colour, place (parent or position among siblings),
    added, removed, progress and dates."""
    old = {s.id: s for s in before}
    new = {s.id: s for s in after}
    recoloured, moved, progressed, rescheduled = [], [], [], []
    for pk, b in new.items():
        a = old.get(pk)
        if a is None:
            continue
        change = Change(a, b)
        if a.status != b.status:
            recoloured.append(change)
        if _position(a) != _position(b):
            moved.append(change)
        if a.progress != b.progress:
            progressed.append(change)
        if (a.start_date, a.due_date) != (b.start_date, b.due_date):
            rescheduled.append(change)
    added = [Change(None, s) for pk, s in new.items() if pk not in old]
    removed = [Change(s, None) for pk, s in old.items() if pk not in new]
    slipped = [
        c for c in rescheduled if c.before and c.after and _slipped(c.before.due_date, c.after.due_date)
    ]
    return Comparison(recoloured, moved, added, removed, progressed, rescheduled, slipped)


class Changes(Sequence[Change]):
    """One kind of change between two plans placed and rolled up (:class:`_Tree`): the items' ids, in
    the order :func:`compare_states` lists them, made into states only when read (a section's first
    rows, a page)."""

    def __init__(self, ids: list[int], before: _Tree, after: _Tree) -> None:
        self.ids, self.before, self.after = ids, before, after

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Change: ...

    @overload
    def __getitem__(self, index: slice) -> list[Change]: ...

    def __getitem__(self, index: int | slice) -> Change | list[Change]:
        if not isinstance(index, slice):
            return self[index : (index + 1) or None][0]
        ids = self.ids[index]
        old, new = _states_of(self.before, ids), _states_of(self.after, ids)
        return [Change(old.get(pk), new.get(pk)) for pk in ids]

    def __iter__(self) -> Iterator[Change]:
        return iter(self[:])


COMPARED_COLUMNS = ("id", "history_id", "path", "depth", "weight", "progress", "start_date", "due_date")


def _compared_tree(plan: Plan, when: dt.datetime, method: str | None) -> _Tree:
    """The plan at ``when`` placed and rolled up from what a comparison weighs (``COMPARED_COLUMNS``
    and the colour); the rest of a record is read for the rows shown."""
    rows = item_rows_as_of(plan, when, method=method, columns=COMPARED_COLUMNS)
    if path_moves(plan, when, method):
        _replay(plan, when, rows)
    return _tree(plan, rows, when, method)


def compare_dates(
    plan: Plan, start: dt.datetime, end: dt.datetime, *, method: str | None = None
) -> Comparison:
    """``compare_states(plan_as_of(plan, start), plan_as_of(plan, end))``, with states made only for
    the changes read (:class:`Changes`): the two plans are compared on colour, place, rolled-up
    progress and dates alone."""
    old, new = _compared_tree(plan, start, method), _compared_tree(plan, end, method)
    before = {r["id"]: r for r in old.rows}
    kinds: dict[str, list[int]] = defaultdict(list)
    for b in new.rows:
        a = before.get(b["id"])
        if a is None:
            kinds["added"].append(b["id"])
            continue
        if a["colour"][0] != b["colour"][0]:
            kinds["recoloured"].append(b["id"])
        if (old.parent_id(a), a["path"][-STEPLEN:]) != (new.parent_id(b), b["path"][-STEPLEN:]):
            kinds["moved"].append(b["id"])
        if old.progress[a["path"]] != new.progress[b["path"]]:
            kinds["progressed"].append(b["id"])
        if (a["start_date"], a["due_date"]) != (b["start_date"], b["due_date"]):
            kinds["rescheduled"].append(b["id"])
            if _slipped(a["due_date"], b["due_date"]):
                kinds["slipped"].append(b["id"])
    after = {r["id"] for r in new.rows}
    kinds["removed"] = [r["id"] for r in old.rows if r["id"] not in after]
    names = ("recoloured", "moved", "added", "removed", "progressed", "rescheduled", "slipped")
    return Comparison(*(Changes(kinds[k], old, new) for k in names))


def baseline_states(baseline: Baseline, now: Mapping[int, ItemState]) -> list[ItemState]:
    """The baseline's items as states, with what the baseline did not keep (units, colour) taken from
    ``now``, so that a comparison against a baseline shows only what the baseline kept: dates, weights,
    progress, titles and the items that were there."""
    out = []
    for b in BaselineItem.objects.filter(baseline=baseline).order_by("path"):
        cur = now.get(b.item_id)
        out.append(
            ItemState(
                id=b.item_id,
                path=cur.path if cur is not None else b.path,
                depth=len(b.path) // STEPLEN,
                number=b.number,
                title=b.title,
                kind=cur.kind if cur is not None else "",
                lead_unit_id=cur.lead_unit_id if cur is not None else None,
                lead_unit_name=cur.lead_unit_name if cur is not None else "",
                leader_id=cur.leader_id if cur is not None else None,
                leader_name=cur.leader_name if cur is not None else "",
                start_date=b.start_date,
                due_date=b.due_date,
                weight=b.weight,
                progress=b.progress,
                status=cur.status if cur is not None else "none",
                status_code=cur.status_code if cur is not None else "",
                status_params=cur.status_params if cur is not None else {},
                planned_investment=b.planned_investment,
                parent_id=cur.parent_id if cur is not None else None,
            )
        )
    return out


def slipped(comparison: Comparison) -> Sequence[Change]:
    """Of the rescheduled items, those whose due date moved later (or was dropped)."""
    return comparison.slipped
