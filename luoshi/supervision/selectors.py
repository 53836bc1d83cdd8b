"""Reads for supervision: the leaders' dashboard and its drill-downs.

The dashboard reads the precomputed per-period figures (PeriodSummary) and a few small indexed
queries, so its cost does not grow with the number of items or reports.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet, Sum

from luoshi.plans.models import Item, Plan, Status, Unit
from luoshi.reports import periods
from luoshi.reports.models import ReportDue
from luoshi.reports.services import cadence_for
from luoshi.supervision.models import Escalation, Notification, PeriodSummary, StatusRecord

COLOURS = ("red", "yellow", "green", "done", "none")
OUTCOMES = ("on_time", "late", "missing", "pending")
LAGGING_LIMIT = 20


def _row(summary: PeriodSummary | None) -> dict[str, int]:
    return {f: getattr(summary, f, 0) for f in (*COLOURS, *OUTCOMES)}


def dashboard(plan: Plan) -> dict[str, Any]:
    today = plan.today()
    cadence = cadence_for(plan)
    period = cadence.period_of(today)
    summaries = list(
        PeriodSummary.objects.filter(plan=plan).filter(Q(scope=PeriodSummary.Scope.PLAN) | Q(period=period))
    )
    trend = sorted((s for s in summaries if s.scope == PeriodSummary.Scope.PLAN), key=lambda s: s.period)
    current = next((s for s in trend if s.period == period), trend[-1] if trend else None)
    pillars = {p.pk: p for p in Item.objects.filter(plan=plan, depth=1).order_by("path")}
    by_pillar = {s.key: s for s in summaries if s.scope == PeriodSummary.Scope.PILLAR and s.period == period}
    unit_rows = {s.key: s for s in summaries if s.scope == PeriodSummary.Scope.UNIT and s.period == period}
    totals = {
        row["key"]: row
        for row in PeriodSummary.objects.filter(plan=plan, scope=PeriodSummary.Scope.UNIT, period__lte=period)
        .values("key")
        .annotate(on_time_sum=Sum("on_time"), late_sum=Sum("late"), missing_sum=Sum("missing"))
    }
    units = Unit.objects.in_bulk(list(unit_rows) + list(totals))
    unit_table = [
        {
            "unit": units[key],
            **_row(unit_rows.get(key)),
            "on_time_total": totals.get(key, {}).get("on_time_sum", 0),
            "late_total": totals.get(key, {}).get("late_sum", 0),
            "missing_total": totals.get(key, {}).get("missing_sum", 0),
        }
        for key in set(unit_rows) | set(totals)
        if key in units
    ]
    unit_table.sort(key=lambda r: (-r["red"], -r["missing_total"], -r["yellow"], r["unit"].name))
    return {
        "plan": plan,
        "today": today,
        "period": period,
        "period_label": periods.period_label(cadence.cadence, period),
        "counts": _row(current),
        "total": sum(_row(current)[c] for c in COLOURS),
        "pillars": [{"item": item, **_row(by_pillar.get(pk))} for pk, item in pillars.items()],
        "units": unit_table,
        "trend": [{"period": periods.period_label(cadence.cadence, s.period), **_row(s)} for s in trend],
        "lagging": lagging_items(plan),
        "escalations": list(
            Escalation.objects.filter(plan=plan, period=period, resolved_at__isnull=True)
            .select_related("item", "item__lead_unit")
            .order_by("-kind", "item__path")[:LAGGING_LIMIT]
        ),
        "has_figures": current is not None,
    }


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
    """Items behind a dashboard figure: filter by colour, pillar, unit, and report outcome in a period."""
    items = Item.objects.filter(plan=plan).select_related("lead_unit", "leader").order_by("path")
    applied: dict[str, Any] = {}
    status = params.get("status")
    if status in COLOURS:
        items = items.filter(status=status)
        applied["status"] = status
    pillar = _int(params.get("pillar"))
    if pillar:
        root = Item.objects.filter(plan=plan, pk=pillar, depth=1).first()
        if root is not None:
            items = items.filter(path__startswith=root.path)
            applied["pillar"] = root
    unit = _int(params.get("unit"))
    if unit:
        items = items.filter(lead_unit_id=unit)
        applied["unit"] = Unit.objects.filter(pk=unit).first()
    if params.get("leaves"):
        items = items.filter(numchild=0)
        applied["leaves"] = True
    outcome = params.get("outcome")
    period = _date(params.get("period")) or cadence_for(plan).period_of(plan.today())
    if outcome in OUTCOMES:
        dues = ReportDue.objects.filter(plan=plan, outcome=outcome)
        if params.get("all_periods"):
            applied["all_periods"] = True
        else:
            dues = dues.filter(period=period)
            applied["period"] = period
        if unit:
            dues = dues.filter(unit_id=unit)
        items = items.filter(pk__in=dues.values("item_id"))
        applied["outcome"] = outcome
    return items, applied


def item_status_history(item: Item, *, limit: int = 24) -> list[StatusRecord]:
    return list(StatusRecord.objects.filter(item=item).order_by("-period")[:limit])


def unread_count(user: Any) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_for(user: Any, *, limit: int = 100) -> list[Notification]:
    return list(Notification.objects.filter(user=user).order_by("-created_at", "-id")[:limit])


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
