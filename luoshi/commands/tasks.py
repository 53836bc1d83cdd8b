"""Background work on Django's tasks framework (run by ``luoshi worker``): the scheduled runs. Tasks stay thin."""

from __future__ import annotations

from django_tasks import task

from luoshi.commands import daily
from luoshi.notices import services as notice_services
from luoshi.notifications import deliveries
from luoshi.plans.models import Plan


@task()
def supervision_run_plan(plan_id: int) -> dict[str, int]:
    plan = Plan.objects.get(pk=plan_id)
    return daily.supervision_run_daily(plan=plan)


@task()
def supervision_run_all() -> int:
    """Enqueue one run per plan; each runs once a day, so a repeated schedule does no harm."""
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


@task()
def notices_remind_plan(plan_id: int) -> int:
    return notice_services.notices_remind(plan=Plan.objects.get(pk=plan_id))


@task()
def notices_remind_all() -> int:
    """Enqueue one reminder run per plan; reminders are keyed, so repeating the schedule is harmless."""
    ids = list(Plan.objects.values_list("pk", flat=True))
    for plan_id in ids:
        notices_remind_plan.enqueue(plan_id)
    return len(ids)


@task()
def deliveries_send() -> int:
    """Send the channel deliveries that are due; enqueued when a transaction that queued some commits
    (and the worker's housekeeping sends retries and digests whose time has come)."""
    return deliveries.deliveries_send()


def deliveries_enqueue(**_kwargs: object) -> None:
    """The receiver of ``deliveries_queued``: hand the sending to the worker."""
    deliveries_send.enqueue()
