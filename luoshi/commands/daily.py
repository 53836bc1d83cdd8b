"""The scheduled daily run of a plan: mark missing reports, rate every item, remind, escalate."""

from __future__ import annotations

import datetime as dt

from luoshi.plans.models import Plan
from luoshi.reports.reminders import reminders_run
from luoshi.reports.services import reports_mark_missing
from luoshi.status.escalation import escalations_run
from luoshi.status.services import plan_recompute


def supervision_run(*, plan: Plan, today: dt.date | None = None) -> dict[str, int]:
    """Safe to repeat: every step is idempotent and keyed."""
    today = today or plan.today()
    missing = reports_mark_missing(plan=plan, today=today)
    changed = plan_recompute(plan=plan, today=today).changed
    reminders = reminders_run(plan=plan, today=today)
    escalations = escalations_run(plan=plan, today=today)
    return {"changed": changed, "missing": missing, "reminders": reminders, "escalations": escalations}

