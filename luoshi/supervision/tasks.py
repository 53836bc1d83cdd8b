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
def summaries_refresh_plan(plan_id: int, period: str) -> int:
    """Recount the dashboard's figures for one period after a change to some items."""
    import datetime as dt

    plan = Plan.objects.get(pk=plan_id)
    return services.summaries_refresh(plan=plan, period_list=[dt.date.fromisoformat(period)])


@task()
def supervision_run_all() -> int:
    """Enqueue one run per plan; each run is idempotent, so a repeated schedule does no harm."""
    ids = list(Plan.objects.values_list("pk", flat=True))
    for plan_id in ids:
        supervision_run_plan.enqueue(plan_id)
    return len(ids)


def schedule_daily_run() -> bool:
    """Queue today's run unless one was queued since local midnight. Called hourly by ``luoshi worker``;
    two workers may both queue one, which is harmless because every run is idempotent."""
    import datetime as dt

    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    midnight = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
    path = f"{supervision_run_all.func.__module__}.{supervision_run_all.func.__qualname__}"
    if DBTaskResult.objects.filter(task_path=path, enqueued_at__gte=midnight).exists():
        return False
    supervision_run_all.enqueue()
    return True
