"""Background work on Django's tasks framework (run by ``luoshi worker``). Tasks stay thin."""

from __future__ import annotations

from django_tasks import task

from luoshi.plans.models import Plan
from luoshi.supervision import services


@task()
def supervision_run_plan(plan_id: int) -> dict[str, int]:
    plan = Plan.objects.get(pk=plan_id)
    return services.supervision_run(plan=plan)


@task()
def supervision_run_all() -> int:
    """Enqueue one run per plan; each run is idempotent, so a repeated schedule does no harm."""
    ids = list(Plan.objects.values_list("pk", flat=True))
    for plan_id in ids:
        supervision_run_plan.enqueue(plan_id)
    return len(ids)
