from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from luoshi.lib.db import BULK_ANALYZE_ROWS, planner_statistics_refresh
from luoshi.organisations.models import Organisation
from luoshi.plans.loader import PlanFileError, read_plan_file
from luoshi.status.changes import plan_load


class Command(BaseCommand):
    help = "Load a plan file (format luoshi-plan/1, see docs/plan-format.md). Nothing is written if it has an error."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--replace", action="store_true", help="Replace an existing plan with the same code."
        )
        parser.add_argument(
            "--organisation",
            metavar="CODE",
            help="The organisation whose plan it is (default: the file's organisation_code, or the first).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = None
        if options.get("organisation"):
            organisation = Organisation.objects.filter(code=options["organisation"]).first()
            if organisation is None:
                raise CommandError(
                    f"no organisation with code {options['organisation']!r} (see: luoshi organisation)"
                )
        try:
            result = plan_load(
                read_plan_file(options["file"]), replace=options["replace"], organisation=organisation
            )
        except PlanFileError as exc:
            raise CommandError(str(exc)) from exc
        if result.items > BULK_ANALYZE_ROWS:
            planner_statistics_refresh()
        verb = "Replaced" if result.replaced else "Loaded"
        self.stdout.write(
            f"{verb} plan {result.plan.code!r}: {result.items} items, {result.milestones} milestones, "
            f"{result.indicators} indicators, {result.units} new units, {result.leaders} new leaders."
        )
