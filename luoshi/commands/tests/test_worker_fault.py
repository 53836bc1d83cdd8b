"""A worker killed (kill -9) in the middle of the daily run: the task it held is found by its lease and
run again by the next worker, and the day's run completes exactly once. Real worker processes against
PostgreSQL (the test database must be reachable from another process)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from luoshi.commands.lease import tasks_requeue_orphans, worker_beat
from luoshi.commands.tasks import supervision_run_all
from luoshi.notifications.models import Notification, OutboxMessage
from luoshi.reports.models import ReportDue
from luoshi.reports.tests.test_concurrency import postgres_only
from luoshi.status.models import StatusRecord, SupervisionRun
from luoshi.testing import World

pytestmark = pytest.mark.django_db(transaction=True)
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LEASE = 1.5
ROOT = Path(__file__).resolve().parents[3]


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _worker(worker_id: str, *args: str, mark: Path | None = None) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "LUOSHI_TESTING"}
    env.update(
        DATABASE_URL=_database_url(), LUOSHI_DEMO="1", LUOSHI_TESTING="0", LUOSHI_FAULT_LEASE=str(LEASE)
    )
    if mark is not None:
        env["LUOSHI_FAULT_MARK"] = str(mark)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "luoshi.commands.tests.worker_process",
            "--no-schedule",
            "--worker-id",
            worker_id,
            "--interval",
            "0.2",
            *args,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _wait_for(path: Path, process: subprocess.Popen[bytes], seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if process.poll() is not None:
            pytest.fail(f"the worker exited early: {process.stdout.read().decode()[-3000:]}")  # type: ignore[union-attr]
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the run never reached its middle: {process.communicate()[0].decode()[-3000:]}")
        time.sleep(0.1)


@postgres_only
def test_a_run_whose_worker_was_killed_is_run_again_exactly_once(world: World, tmp_path: Path) -> None:
    world.reporter_b.email = "b@example.org"
    world.reporter_b.save(update_fields=["email"])
    with override_settings(TASKS=DB_TASKS):
        supervision_run_all.enqueue()

    first = _worker("first", mark=tmp_path / "mid-run")
    _wait_for(tmp_path / "mid-run", first)
    os.kill(first.pid, signal.SIGKILL)  # in the middle of the plan's run, inside its transaction
    first.wait(timeout=10)
    held = DBTaskResult.objects.get(task_path__endswith="supervision_run_plan")
    assert held.status == "RUNNING" and held.worker_ids == ["first"]
    assert not SupervisionRun.objects.exists() and not Notification.objects.exists()

    time.sleep(LEASE + 0.5)  # the dead worker's lease runs out
    second = _worker("second", "--batch")
    output = second.communicate(timeout=60)[0].decode()
    assert second.returncode == 0, output[-3000:]

    held.refresh_from_db()
    assert held.status == "SUCCESSFUL" and held.worker_ids == ["first", "second"], output[-3000:]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    run = SupervisionRun.objects.get()  # exactly one completed run of the day
    assert run.plan_id == world.plan.pk and run.as_of == world.plan.today()
    # Everything the run writes, once: one colour record per item and day, each reminder once, one e-mail each.
    records = list(StatusRecord.objects.values_list("item_id", "period"))
    assert records and len(records) == len(set(records))
    keys = list(Notification.objects.values_list("user_id", "key"))
    assert keys and len(keys) == len(set(keys))
    assert (
        OutboxMessage.objects.filter(to="b@example.org").count()
        == Notification.objects.filter(user=world.reporter_b).count()
    )
    assert ReportDue.objects.filter(plan=world.plan).count() == len(
        set(ReportDue.objects.values_list("item_id", "period"))
    )


def test_a_live_worker_keeps_its_task_and_a_dead_ones_goes_back(world: World) -> None:
    now = dt.datetime(2020, 9, 30, 8, tzinfo=dt.UTC)
    with override_settings(TASKS=DB_TASKS):
        live, dead = supervision_run_all.enqueue(), supervision_run_all.enqueue()
    for result, worker in ((live, "live"), (dead, "dead")):
        DBTaskResult.objects.filter(pk=result.id).update(
            status="RUNNING", started_at=now - dt.timedelta(minutes=30), worker_ids=[worker]
        )
    worker_beat("live", now=now - dt.timedelta(seconds=5))
    worker_beat("dead", now=now - dt.timedelta(minutes=10))
    assert tasks_requeue_orphans(lease=dt.timedelta(minutes=5), now=now) == 1
    assert DBTaskResult.objects.get(pk=live.id).status == "RUNNING"
    assert DBTaskResult.objects.get(pk=dead.id).status == "READY"
