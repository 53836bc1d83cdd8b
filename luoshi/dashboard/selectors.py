"""Reads for the leaders' dashboard and its drill-downs.

This period's figures are counted from the items and due records themselves, with grouped queries,
so the dashboard, the tree, the drill-down lists and a bulletin built now always agree; past periods
come from the colour counts the recompute step kept for them (PeriodSummary).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from luoshi.lib import periods
from luoshi.plans.models import Item, Plan, Status, Unit
from luoshi.reports.models import ReportDue, ReportOutcomeCount
from luoshi.status.models import Escalation, PeriodSummary, StatusRecord, SupervisionRun

COLOURS = ("red", "yellow", "green", "done", "none")
OUTCOMES = ("on_time", "late", "missing", "pending")
LAGGING_LIMIT = 20
# The worker queues the daily run within an hour of midnight; a day and a bit without one is late.
DAILY_RUN_LATE_AFTER = dt.timedelta(hours=26)


class BadFilter(ValueError):
    """A drill-down filter value that names nothing: answered with 400 and this message."""


def _row(counts: dict[str, int] | None) -> dict[str, int]:
    return {f: (counts or {}).get(f, 0) for f in (*COLOURS, *OUTCOMES)}


def _pillar_ids(plan: Plan) -> dict[str, int]:
    """The plan's pillars: path → id."""
    return dict(Item.objects.filter(plan=plan, depth=1).values_list("path", "pk"))


def colour_counts(
    plan: Plan, pillars: dict[str, int] | None = None
) -> tuple[Counter[str], dict[int, Counter[str]], dict[int, Counter[str]]]:
    """This period's colours, read from the items themselves (the tree, the drill-down and the bulletin
    count the same rows): over the plan, by pillar id and by lead unit id."""
    items = Item.objects.filter(plan=plan)
    pillars = _pillar_ids(plan) if pillars is None else pillars
    total: Counter[str] = Counter()
    by_pillar: dict[int, Counter[str]] = defaultdict(Counter)
    by_unit: dict[int, Counter[str]] = defaultdict(Counter)
    rows = items.annotate(pillar=Substr("path", 1, Item.steplen)).values("pillar", "lead_unit_id", "status")
    for row in rows.order_by().annotate(n=Count("pk")):  # no default ordering in the GROUP BY
        total[row["status"]] += row["n"]
        if row["pillar"] in pillars:
            by_pillar[pillars[row["pillar"]]][row["status"]] += row["n"]
        if row["lead_unit_id"]:
            by_unit[row["lead_unit_id"]][row["status"]] += row["n"]
    return total, by_pillar, by_unit


def outcome_counts(
    plan: Plan, period: dt.date, pillars: dict[str, int] | None = None
) -> tuple[Counter[str], dict[int, Counter[str]], dict[int, Counter[str]], dict[int, Counter[str]]]:
    """Report timeliness from the due records: this period over the plan, by pillar and by unit, and
    every period up to this one by unit."""
    pillars = _pillar_ids(plan) if pillars is None else pillars
    dues = ReportDue.objects.filter(plan=plan)
    total: Counter[str] = Counter()
    by_pillar: dict[int, Counter[str]] = defaultdict(Counter)
    by_unit: dict[int, Counter[str]] = defaultdict(Counter)
    rows = (
        dues.filter(period=period)
        .annotate(pillar=Substr("item__path", 1, Item.steplen))
        .values("pillar", "unit_id", "outcome")
        .order_by()  # no default ordering in the GROUP BY
        .annotate(n=Count("pk"))
    )
    for row in rows:
        total[row["outcome"]] += row["n"]
        if row["pillar"] in pillars:
            by_pillar[pillars[row["pillar"]]][row["outcome"]] += row["n"]
        by_unit[row["unit_id"]][row["outcome"]] += row["n"]
    # Every period up to this one: the past ones from their counts (kept by every write of their due
    # records), this one from the records themselves.
    all_periods: dict[int, Counter[str]] = defaultdict(Counter)  # unit id -> outcome -> count
    for unit_id, counts in by_unit.items():
        all_periods[unit_id].update(counts)
    past = ReportOutcomeCount.objects.filter(plan=plan, period__lt=period).values("unit_id").annotate(
        on_time=Sum("on_time"), late=Sum("late"), missing=Sum("missing"), pending=Sum("pending")
    )
    for row in past:
        all_periods[row["unit_id"]].update({k: row[k] or 0 for k in OUTCOMES})
    return total, by_pillar, by_unit, all_periods


def dashboard(plan: Plan) -> dict[str, Any]:
    today = plan.today()
    cadence = plan.cadence()
    period = cadence.period_of(today)
    pillars = {p.pk: p for p in Item.objects.filter(plan=plan, depth=1).order_by("path")}
    pillar_ids = {p.path: pk for pk, p in pillars.items()}
    colours, colour_pillar, colour_unit = colour_counts(plan, pillar_ids)
    outcomes, outcome_pillar, outcome_unit, outcome_all = outcome_counts(plan, period, pillar_ids)
    current = {**colours, **outcomes}
    past = PeriodSummary.objects.filter(plan=plan, scope=PeriodSummary.Scope.PLAN, period__lt=period).order_by("period")
    trend = [{"period": periods.period_label(cadence.cadence, s.period), **{c: getattr(s, c) for c in COLOURS}} for s in past]
    trend.append({"period": periods.period_label(cadence.cadence, period), **{c: colours.get(c, 0) for c in COLOURS}})
    unit_ids = set(colour_unit) | set(outcome_unit) | set(outcome_all)
    units = Unit.objects.in_bulk(list(unit_ids))
    unit_table: list[dict[str, Any]] = [
        {
            "unit": units[key],
            **_row({**colour_unit.get(key, {}), **outcome_unit.get(key, {})}),
            "on_time_total": outcome_all[key]["on_time"],
            "late_total": outcome_all[key]["late"],
            "missing_total": outcome_all[key]["missing"],
        }
        for key in unit_ids
        if key in units
    ]
    unit_table.sort(key=lambda r: (-r["red"], -r["missing_total"], -r["yellow"], r["unit"].name))
    counts = _row(current)
    return {
        "plan": plan,
        "today": today,
        "period": period,
        "period_label": periods.period_label(cadence.cadence, period),
        "counts": counts,
        "total": sum(counts[c] for c in COLOURS),
        "pillars": [
            {"item": item, **_row({**colour_pillar.get(pk, {}), **outcome_pillar.get(pk, {})})}
            for pk, item in pillars.items()
        ],
        "units": unit_table,
        "trend": trend,
        "lagging": lagging_items(plan),
        "escalations": list(
            Escalation.objects.filter(plan=plan, period=period, resolved_at__isnull=True)
            .select_related("item", "item__lead_unit")
            .order_by("-kind", "item__path")[:LAGGING_LIMIT]
        ),
        "has_figures": counts["none"] < sum(counts[c] for c in COLOURS) or bool(trend[:-1]),
    }


def daily_run(plan: Plan, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """When the plan's daily supervision run last completed, and whether the next one is overdue."""
    now = now or timezone.now()
    last = SupervisionRun.objects.filter(plan=plan).order_by("-finished_at").first()
    finished = last.finished_at if last is not None else None
    return {"last": finished, "late": finished is None or now - finished > DAILY_RUN_LATE_AFTER}


def lagging_items(plan: Plan, *, limit: int = LAGGING_LIMIT) -> list[Item]:
    """Red leaves first, then yellow ones, in plan order; each carries its reason."""
    rows: list[Item] = []
    for colour in (Status.RED, Status.YELLOW):
        if len(rows) >= limit:
            break
        rows += list(
            Item.objects.filter(plan=plan, status=colour, numchild=0)
            .select_related("lead_unit", "leader")
            .order_by("path")[: limit - len(rows)]
        )
    return rows


def drilldown(plan: Plan, params: dict[str, str]) -> tuple[QuerySet[Item], dict[str, Any]]:
    """Items behind a dashboard figure: filter by colour, pillar, unit, and report outcome in a period.
    A value that is not a colour, a number or a date raises :class:`BadFilter`; a number that names no
    pillar or unit of this plan gives an empty list."""
    items = Item.objects.filter(plan=plan).select_related("lead_unit", "leader").order_by("path")
    applied: dict[str, Any] = {}
    status = params.get("status")
    if status:
        if status not in COLOURS:
            raise BadFilter(_("Unknown status: %(value)s") % {"value": status[:40]})
        items = items.filter(status=status)
        applied["status"] = status
        applied["status_label"] = Status(status).label
    pillar = _int(params.get("pillar"), _("pillar"))
    if pillar is not None:
        root = Item.objects.filter(plan=plan, pk=pillar, depth=1).first()
        items = items.filter(path__startswith=root.path) if root is not None else items.none()
        applied["pillar"] = root or pillar
    unit = _int(params.get("unit"), _("unit"))
    if unit is not None:
        items = items.filter(lead_unit_id=unit)
        applied["unit"] = Unit.objects.filter(pk=unit).first() or unit
    if params.get("leaves"):
        items = items.filter(numchild=0)
        applied["leaves"] = True
    outcome = params.get("outcome")
    period = _date(params.get("period")) or plan.current_period()
    if outcome:
        if outcome not in OUTCOMES:
            raise BadFilter(_("Unknown report outcome: %(value)s") % {"value": outcome[:40]})
        dues = ReportDue.objects.filter(plan=plan, outcome=outcome)
        if params.get("all_periods"):
            applied["all_periods"] = True
        else:
            dues = dues.filter(period=period)
            applied["period"] = period
        if unit is not None:
            dues = dues.filter(unit_id=unit)
        items = items.filter(pk__in=dues.values("item_id"))
        applied["outcome"] = outcome
        applied["outcome_label"] = ReportDue.Outcome(outcome).label
    return items, applied


def item_status_history(item: Item, *, limit: int = 24) -> list[StatusRecord]:
    return list(StatusRecord.objects.filter(item=item).order_by("-period")[:limit])


def _int(value: str | None, name: str) -> int | None:
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise BadFilter(_("Not a valid %(name)s number: %(value)s") % {"name": name, "value": value[:40]})
    return int(value)


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadFilter(_("Not a valid date: %(value)s") % {"value": value[:40]}) from None
