from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from luoshi.commands import daily
from luoshi.commands.tasks import (
    notices_remind_all,
    notices_remind_plan,
    supervision_run_all,
    supervision_run_plan,
)
from luoshi.notices import services as services_notices
from luoshi.plans.models import Plan


class Command(BaseCommand):
    help = (
        "The scheduled run (call it daily, e.g. from cron): rate statuses, record late and missing "
        "reports, send reminders, escalate. Queued for the worker unless --now. Safe to repeat."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", help="Only this plan (its code).")
        parser.add_argument("--now", action="store_true", help="Run here and now instead of queueing.")

    def handle(self, *args: Any, **options: Any) -> None:
        plans = Plan.objects.all()
        if options["plan"]:
            plans = plans.filter(code=options["plan"])
            if not plans.exists():
                raise CommandError(f"No plan with code {options['plan']!r}.")
        if options["now"]:
            for plan in plans:
                result = daily.supervision_run(plan=plan)
                result["notice_reminders"] = services_notices.notices_remind(plan=plan)
                self.stdout.write(f"{plan.code}: {result}")
            return
        if options["plan"]:
            for plan in plans:
                supervision_run_plan.enqueue(plan.pk)
                notices_remind_plan.enqueue(plan.pk)
        else:
            supervision_run_all.enqueue()
            notices_remind_all.enqueue()
        self.stdout.write("Queued; `luoshi worker` runs it.")
