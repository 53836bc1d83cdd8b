"""``luoshi worker`` in a process of its own, for the fault test: the database task queue, a short lease,
and, with LUOSHI_FAULT_MARK set, a daily run that stops half-way (after rating, inside its transaction),
writes the mark file and sleeps, waiting to be killed."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import override_settings  # noqa: E402

from luoshi.commands import daily  # noqa: E402

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _stall(original: Any, mark: str) -> Any:
    def stalled(**kwargs: Any) -> Any:
        result = original(**kwargs)
        with open(mark, "w") as out:
            out.write(str(os.getpid()))
        time.sleep(120)
        return result

    return stalled


if __name__ == "__main__":
    if mark := os.environ.get("LUOSHI_FAULT_MARK"):
        daily.reminders_run = _stall(daily.reminders_run, mark)  # type: ignore[assignment]
    with override_settings(TASKS=DB_TASKS, LUOSHI_TASK_LEASE_SECONDS=float(os.environ["LUOSHI_FAULT_LEASE"])):
        call_command("worker", *sys.argv[1:])
