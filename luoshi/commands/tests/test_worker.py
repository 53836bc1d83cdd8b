"""`luoshi worker` runs queued work from the database queue and queues the daily run once a day."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from luoshi.commands.tasks import schedule_daily_run
from luoshi.status.models import StatusRecord
from luoshi.testing import World

pytestmark = pytest.mark.django_db(transaction=True)
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@override_settings(TASKS=DB_TASKS)
def test_worker_runs_the_daily_supervision_from_the_database_queue(world: World) -> None:
    with time_machine.travel(dt.datetime(2020, 9, 30, 8, tzinfo=dt.UTC)):
        assert schedule_daily_run() is True
        assert schedule_daily_run() is False  # once a day
        call_command("worker", "--batch", "--no-schedule")
    assert StatusRecord.objects.filter(plan=world.plan).exists()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
