"""Reads for progress reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from luoshi.accounts.models import User
from luoshi.lib import periods
from luoshi.plans.models import Item, Plan
from luoshi.reports.access import reports_visible
from luoshi.reports.models import Report, ReportDue
from luoshi.status.rules import elapsed_share


def report_versions(report: Report) -> QuerySet[Report]:
    return (
        Report.objects.filter(item_id=report.item_id, period=report.period)
        .select_related("submitted_by", "reviewed_by")
        .order_by("-version")
    )


def item_reports(item: Item, *, user: Any, limit: int = 50) -> list[Report]:
    """The item's reports that ``user`` may see (other units' drafts stay hidden), newest first."""
    reports = reports_visible(user, Report.objects.filter(item=item))
    return list(
        reports.select_related("unit", "submitted_by", "reviewed_by").order_by("-period", "-version")[:limit]
    )


def review_queue(user: User, *, limit: int = 200) -> list[Report]:
    """Submitted reports awaiting the office's review, of the plans it manages."""
    return list(
        Report.objects.filter(state=Report.State.SUBMITTED, plan__organisation_id=user.organisation_id)
        .select_related("item", "unit", "plan", "submitted_by")
        .order_by("submitted_at")[:limit]
    )


def unit_worklist(user: User, plan: Plan, today: dt.date) -> dict[str, Any]:
    """For a reporter: the unit's items with this period's report (latest version) and the due date."""
    cadence = plan.cadence()
    period = cadence.period_of(today)
    unit_id = user.unit_id or 0
    items = list(Item.objects.filter(plan=plan, lead_unit_id=unit_id, numchild=0).order_by("path"))
    latest: dict[int, Report] = {}
    for report in Report.objects.filter(plan=plan, unit_id=unit_id, period=period).order_by("version"):
        latest[report.item_id] = report
    coop_items = list(
        Item.objects.filter(plan=plan, cooperating_units=unit_id).select_related("lead_unit").order_by("path")
    )
    coop_reports: dict[int, Report] = {}
    for report in Report.objects.filter(item__in=coop_items, period=period).order_by("version"):
        coop_reports[report.item_id] = report
    dues = dict(ReportDue.objects.filter(plan=plan, unit_id=unit_id).values_list("period", "outcome"))
    return {
        "period": period,
        "due": cadence.due_date(period),
        "rows": [(item, latest.get(item.pk)) for item in items],
        "coop_rows": [(item, coop_reports.get(item.pk)) for item in coop_items],
        "dues": dues,
    }


def planned_progress(item: Item, day: dt.date) -> int | None:
    """序时进度: the share of the item's time from its start to its due date passed on ``day``, in
    percent, as the schedule rule computes it (``luoshi.status.rules.rule_schedule``); ``None`` without
    a due date."""
    return planned_progress_of(item.start_date, item.due_date, day)


def planned_progress_of(start: dt.date | None, due: dt.date | None, day: dt.date) -> int | None:
    """:func:`planned_progress` from an item's start and due dates."""
    if due is None:
        return None
    return round(elapsed_share(start or dt.date(due.year, 1, 1), due, day) * 100)


def period_end(plan: Plan, period: dt.date) -> dt.date:
    """The last day of the reporting period that starts on ``period``."""
    cadence = plan.cadence().cadence
    return periods.next_period(cadence, periods.period_start(cadence, period)) - dt.timedelta(days=1)


def last_approved(item_ids: list[int], before: dt.date) -> dict[int, Report]:
    """Each item's latest approved report of a period before ``before``."""
    out: dict[int, Report] = {}
    rows = Report.objects.filter(item_id__in=item_ids, period__lt=before, state=Report.State.APPROVED)
    for report in rows.order_by("period", "version"):
        out[report.item_id] = report
    return out


def report_comparison(report: Report) -> dict[str, Any]:
    """What the reviewer weighs a report against: the planned progress at its period's end and the
    item's last approved report before it."""
    end = period_end(report.plan, report.period)
    return {
        "planned": planned_progress(report.item, end),
        "planned_on": end,
        "previous": last_approved([report.item_id], report.period).get(report.item_id),
    }
