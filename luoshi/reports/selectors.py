"""Reads for progress reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet

from luoshi.accounts.models import User
from luoshi.lib import periods
from luoshi.plans.models import Item, Plan
from luoshi.reports.access import reports_visible
from luoshi.reports.models import Report
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


WORKLIST_PAGE = 100
#: The worklist's filter: ``none`` is an item without a report this period, the others a report's state.
WORKLIST_STATES = ("none", *Report.State.values)


def unit_worklist(
    user: User,
    plan: Plan,
    today: dt.date,
    *,
    state: str = "",
    page: str | int | None = 1,
    coop_page: str | int | None = 1,
) -> dict[str, Any]:
    """For a reporter: the unit's items with this period's report (latest version) and the due date.

    A unit can lead thousands of items: the rows come a page of ``WORKLIST_PAGE`` at a time, in plan
    order, optionally only those whose report is in ``state`` (``none``: not started); ``counts`` gives
    every state's number over all the unit's items, so the page says how much is left at any size."""
    cadence = plan.cadence()
    period = cadence.period_of(today)
    unit_id = user.unit_id or 0
    item_ids = list(
        Item.objects.filter(plan=plan, lead_unit_id=unit_id, numchild=0)
        .order_by("path")
        .values_list("pk", flat=True)
    )
    latest_state: dict[int, str] = {}
    for item_id, report_state in (
        Report.objects.filter(plan=plan, unit_id=unit_id, period=period)
        .order_by("version")
        .values_list("item_id", "state")
    ):
        latest_state[item_id] = report_state
    counts = dict.fromkeys(WORKLIST_STATES, 0)
    for item_id in item_ids:
        counts[latest_state.get(item_id, "none")] += 1
    if state in WORKLIST_STATES:
        item_ids = [pk for pk in item_ids if latest_state.get(pk, "none") == state]
    else:
        state = ""
    rows_page = Paginator(item_ids, WORKLIST_PAGE).get_page(page)
    coop_ids = list(
        Item.objects.filter(plan=plan, cooperating_units=unit_id)
        .order_by("path")
        .values_list("pk", flat=True)
    )
    coop_page_obj = Paginator(coop_ids, WORKLIST_PAGE).get_page(coop_page)
    return {
        "period": period,
        "due": cadence.due_date(period),
        "state": state,
        "counts": counts,
        "total": sum(counts.values()),
        "page": rows_page,
        "rows": _with_reports(list(rows_page.object_list), period, unit_id=unit_id),
        "coop_page": coop_page_obj,
        "coop_rows": _with_reports(list(coop_page_obj.object_list), period, unit_id=None),
    }


def _with_reports(
    item_ids: list[int], period: dt.date, *, unit_id: int | None
) -> list[tuple[Item, Report | None]]:
    """The items of ``item_ids`` in that order, each with its latest report of ``period``: only
    ``unit_id``'s reports when given (the unit's own items), else any unit's (the items it cooperates
    on, whose report the lead unit writes)."""
    if not item_ids:
        return []
    items = Item.objects.filter(pk__in=item_ids)
    if unit_id is None:
        items = items.select_related("lead_unit")
    by_pk = {item.pk: item for item in items}
    reports = Report.objects.filter(item_id__in=item_ids, period=period)
    if unit_id is not None:
        reports = reports.filter(unit_id=unit_id)
    latest: dict[int, Report] = {}
    for report in reports.order_by("version"):
        latest[report.item_id] = report
    return [(by_pk[pk], latest.get(pk)) for pk in item_ids if pk in by_pk]


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
