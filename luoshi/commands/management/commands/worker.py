from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils.crypto import get_random_string

from luoshi.commands.lease import tasks_requeue_orphans, worker_beat
from luoshi.commands.tasks import schedule_daily_run
from luoshi.notifications.deliveries import deliveries_send
from luoshi.notifications.services import outbox_send

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run the background worker on the database task queue (statuses, reminders, escalation). "
        "It also queues the daily supervision run once a day, sends the e-mail outbox and the channels' "
        "messages (DingTalk, WeCom, webhooks, SMS), and runs again "
        "any task whose worker died."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queue-name", default="default")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument("--batch", action="store_true", help="Process what is queued, then exit.")
        parser.add_argument("--no-schedule", action="store_true", help="Do not queue the daily run.")
        parser.add_argument("--worker-id", default="", help="Unique across the workers (default: random).")

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = options["worker_id"] or get_random_string(32)
        lease = dt.timedelta(seconds=settings.LUOSHI_TASK_LEASE_SECONDS)
        if options["batch"]:
            self._housekeeping(worker_id, lease)
            if not options["no_schedule"]:
                schedule_daily_run()
        else:
            threading.Thread(
                target=self._keep_alive, args=(worker_id, lease), daemon=True, name="luoshi-beat"
            ).start()
            if not options["no_schedule"]:
                threading.Thread(target=self._schedule, daemon=True, name="luoshi-schedule").start()
        extra = ["--batch", "--no-startup-delay"] if options["batch"] else []
        call_command(
            "db_worker",
            "--queue-name",
            options["queue_name"],
            "--interval",
            str(options["interval"]),
            "--worker-id",
            worker_id,
            *extra,
        )
        if options["batch"]:
            self._housekeeping(worker_id, lease)

    def _housekeeping(self, worker_id: str, lease: dt.timedelta) -> None:
        """Beat, put back the tasks of workers that died, send the e-mails and channel messages that are
        due (retries and digests included)."""
        worker_beat(worker_id)
        tasks_requeue_orphans(lease=lease)
        outbox_send()
        deliveries_send()

    def _keep_alive(self, worker_id: str, lease: dt.timedelta) -> None:
        pause = min(lease.total_seconds() / 4, 15.0)
        while True:
            try:
                self._housekeeping(worker_id, lease)
            except Exception:  # a locked or lost database: beat again at the next turn
                logger.exception("worker %s: housekeeping failed", worker_id)
            finally:
                close_old_connections()
            time.sleep(pause)

    def _schedule(self) -> None:
        while True:
            try:
                schedule_daily_run()
            finally:
                close_old_connections()
            time.sleep(3600)
