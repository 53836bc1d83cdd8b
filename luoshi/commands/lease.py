"""Leases on running tasks. Every worker beats (:func:`worker_beat`) while it lives; a task still RUNNING
whose worker has not beaten for a lease (killed, its machine gone) is put back to READY and run again by
the next worker that looks (:func:`tasks_requeue_orphans`). Tasks are idempotent, so a run that had
half-happened does no harm when repeated; after ``MAX_RUNS`` tries it is failed rather than retried
for ever."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from luoshi.commands.models import WorkerBeat

logger = logging.getLogger(__name__)
MAX_RUNS = 5


class WorkerLost(Exception):
    """The task's worker stopped beating while it ran, too many times."""


def worker_beat(worker_id: str, *, now: dt.datetime | None = None) -> None:
    WorkerBeat.objects.update_or_create(worker_id=worker_id, defaults={"beat_at": now or timezone.now()})


def tasks_requeue_orphans(*, lease: dt.timedelta, now: dt.datetime | None = None) -> int:
    """Put RUNNING tasks whose worker has been silent for ``lease`` back to READY; returns how many."""
    now = now or timezone.now()
    cutoff = now - lease
    alive = set(WorkerBeat.objects.filter(beat_at__gte=cutoff).values_list("worker_id", flat=True))
    requeued = 0
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status="RUNNING", started_at__lt=cutoff
        )
        for task in running:
            if task.worker_ids and task.worker_ids[-1] in alive:
                continue
            if len(task.worker_ids) >= MAX_RUNS:
                task.status, task.finished_at = "FAILED", now
                task.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
                task.traceback = f"its worker died in each of {len(task.worker_ids)} runs"
                task.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                logger.error(
                    "task %s (%s) failed: its worker died %d times", task.pk, task.task_path, MAX_RUNS
                )
                continue
            task.status, task.started_at = "READY", None
            task.save(update_fields=["status", "started_at"])
            requeued += 1
            logger.warning(
                "task %s (%s): worker %s is gone; queued again", task.pk, task.task_path, task.worker_ids[-1:]
            )
    WorkerBeat.objects.filter(beat_at__lt=now - 20 * lease).delete()
    return requeued
