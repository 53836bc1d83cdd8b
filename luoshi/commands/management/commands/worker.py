from __future__ import annotations

import threading
import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from luoshi.commands.tasks import schedule_daily_run


class Command(BaseCommand):
    help = (
        "Run the background worker on the database task queue (statuses, reminders, escalation). "
        "It also queues the daily supervision run once a day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queue-name", default="default")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument("--batch", action="store_true", help="Process what is queued, then exit.")
        parser.add_argument("--no-schedule", action="store_true", help="Do not queue the daily run.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_schedule"]:
            if options["batch"]:
                schedule_daily_run()
            else:
                threading.Thread(target=self._schedule, daemon=True, name="luoshi-schedule").start()
        extra = ["--batch", "--no-startup-delay"] if options["batch"] else []
        call_command(
            "db_worker", "--queue-name", options["queue_name"], "--interval", str(options["interval"]), *extra
        )

    def _schedule(self) -> None:
        while True:
            try:
                schedule_daily_run()
            finally:
                close_old_connections()
            time.sleep(3600)
