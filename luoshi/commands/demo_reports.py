"""Sample reports for the demo: a plan's history of reports and colours, plus a few in every state."""

from __future__ import annotations

import random

from django.db import transaction

from luoshi.plans.models import Plan
from luoshi.reports.generate import reports_generate
from luoshi.reports.models import Report, ReportDue
from luoshi.reports.services import report_outcomes_count


@transaction.atomic
def demo_reports(*, plan: Plan, unit_short_names: list[str]) -> int:
    """Fill the demo plan with reports (once). For the demo reporters' units this period's reports are
    left in each state: one awaiting review, one returned to revise, one not yet written."""
    if Report.objects.filter(plan=plan).exists():
        return 0
    made = reports_generate(plan=plan, count=None, rng=random.Random(2020))
    period = plan.cadence().period_of(plan.today())
    current = (
        Report.objects.filter(plan=plan, period=period, state=Report.State.APPROVED)
        .select_related("unit")
        .order_by("item__path")
    )
    picked: dict[str, Report] = {}
    for report in current:
        name = report.unit.short_name
        if name in unit_short_names and name not in picked:
            picked[name] = report
    states = [Report.State.SUBMITTED, Report.State.RETURNED, None]
    for (_name, report), state in zip(picked.items(), states, strict=False):
        if state is None:
            # Never written: the unit's worklist shows it, and it counts as missing.
            ReportDue.objects.filter(item_id=report.item_id, period=period).update(
                outcome=ReportDue.Outcome.MISSING, submitted_at=None
            )
            Report.objects.filter(item_id=report.item_id, period=period).delete()
            continue
        Report.objects.filter(item_id=report.item_id, period=period).exclude(pk=report.pk).delete()
        report.version, report.state, report.reviewed_at = 1, state, None
        report.review_note = (
            "请补充项目形象进度照片和投资完成佐证材料" if state == Report.State.RETURNED else ""
        )
        if state == Report.State.RETURNED:
            report.reviewed_at = report.submitted_at
        report.save(update_fields=["version", "state", "reviewed_at", "review_note"])
    report_outcomes_count(plan=plan, period=period)
    return made.reports
