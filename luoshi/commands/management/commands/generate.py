from __future__ import annotations

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from luoshi.plans.generate import generate_plan_data
from luoshi.status.changes import plan_load


class Command(BaseCommand):
    help = "Generate a synthetic plan of a given size, for measuring (e.g. --items 50000)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--items", type=int, default=50000)
        parser.add_argument("--code", default="")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--replace", action="store_true")
        parser.add_argument(
            "--reports", type=int, default=0, help="Also write this many progress reports, with their history."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["code"] or f"generated-{options['items']}"
        started = time.perf_counter()
        data = generate_plan_data(items=options["items"], code=code, rng=random.Random(options["seed"]))
        result = plan_load(data, replace=options["replace"])
        self.stdout.write(
            f"Generated plan {code!r}: {result.items} items, {result.milestones} milestones, "
            f"{result.indicators} indicators in {time.perf_counter() - started:.1f} s."
        )
        if options["reports"]:
            from luoshi.reports.generate import reports_generate

            started = time.perf_counter()
            made = reports_generate(plan=result.plan, count=options["reports"], rng=random.Random(options["seed"]))
            self.stdout.write(
                f"Generated {made.reports} reports, {made.dues} report deadlines and {made.records} "
                f"status records in {time.perf_counter() - started:.1f} s."
            )
