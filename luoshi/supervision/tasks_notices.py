"""Background work for notices, queued beside the scheduled supervision run (``luoshi supervise``)."""

from __future__ import annotations

from django_tasks import task

from luoshi.plans.models import Plan
from luoshi.supervision import services_notices


@task()
def notices_remind_plan(plan_id: int) -> int:
    return services_notices.notices_remind(plan=Plan.objects.get(pk=plan_id))


@task()
def notices_remind_all() -> int:
    """Enqueue one reminder run per plan; reminders are keyed, so repeating the schedule is harmless."""
    ids = list(Plan.objects.values_list("pk", flat=True))
    for plan_id in ids:
        notices_remind_plan.enqueue(plan_id)
    return len(ids)
