"""The scheduled daily run of a plan: mark missing reports, rate every item, remind, escalate."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from luoshi.plans.models import Plan
from luoshi.reports.reminders import reminders_run
from luoshi.reports.services import reports_mark_missing
from luoshi.status.escalation import escalations_run
from luoshi.status.models import SupervisionRun
from luoshi.status.services import plan_recompute


@transaction.atomic
def supervision_run(*, plan: Plan, today: dt.date | None = None) -> dict[str, int]:
    """Safe to repeat: every step is idempotent and keyed. All or nothing: a run killed half-way leaves
    no trace (its reminders' e-mails included) and is recorded as done only when it is."""
    today = today or plan.today()
    missing = reports_mark_missing(plan=plan, today=today)
    changed = plan_recompute(plan=plan, today=today).changed
    reminders = reminders_run(plan=plan, today=today)
    escalations = escalations_run(plan=plan, today=today)
    result = {"changed": changed, "missing": missing, "reminders": reminders, "escalations": escalations}
    SupervisionRun.objects.update_or_create(
        plan=plan,
        run_on=timezone.localdate(),
        defaults={"as_of": today, "finished_at": timezone.now(), "result": result},
    )
    return result


@transaction.atomic
def supervision_run_daily(*, plan: Plan) -> dict[str, int]:
    """Today's scheduled run of the plan, once: a repeated or re-queued task (its worker died) finds the
    day's run done and does nothing. The plan's row is locked so that two workers never run it at once."""
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    if SupervisionRun.objects.filter(plan=plan, run_on=timezone.localdate()).exists():
        return {"repeated": 1}
    return supervision_run(plan=plan)
