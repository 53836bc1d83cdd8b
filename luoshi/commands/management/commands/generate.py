from __future__ import annotations

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from luoshi.lib.db import planner_statistics_refresh
from luoshi.organisations.models import Organisation
from luoshi.organisations.services import organisation_ensure
from luoshi.plans.generate import generate_cascade, generate_plan_data
from luoshi.plans.loader import PlanFileError
from luoshi.status.changes import plan_load


def database_size() -> int:
    """The database's size in bytes (PostgreSQL: the database's; SQLite: its pages')."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            return int(cursor.fetchone()[0])
        cursor.execute("PRAGMA page_count")
        pages = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA page_size")
        return pages * int(cursor.fetchone()[0])


class Command(BaseCommand):
    help = (
        "Generate a synthetic plan of a given size, for measuring (e.g. --items 50000); or a cascade: "
        "--counties N (a city of N counties, each county plan aligned to the city's) and --cities M "
        "(a province of M such cities), --items items in each county plan."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--items", type=int, default=50000)
        parser.add_argument("--code", default="", help="The plan's code; for a cascade, its codes' prefix.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--replace", action="store_true")
        parser.add_argument(
            "--reports",
            type=int,
            default=0,
            help="Also write this many progress reports, with their history.",
        )
        parser.add_argument(
            "--counties", type=int, default=0, help="A city of this many counties, each with its plan."
        )
        parser.add_argument(
            "--cities", type=int, default=0, help="A province of this many cities of --counties counties."
        )
        parser.add_argument("--city-items", type=int, default=2000, help="Items of each city's plan.")
        parser.add_argument("--province-items", type=int, default=2000, help="Items of the province's plan.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["counties"] or options["cities"]:
            self.cascade(options)
            return
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
            made = reports_generate(
                plan=result.plan, count=options["reports"], rng=random.Random(options["seed"])
            )
            self.stdout.write(
                f"Generated {made.reports} reports, {made.dues} report deadlines and {made.records} "
                f"status records in {time.perf_counter() - started:.1f} s."
            )
        self.statistics()

    def statistics(self) -> None:
        started = time.perf_counter()
        if statement := planner_statistics_refresh():
            self.stdout.write(
                f"Planner statistics refreshed ({statement}) in {time.perf_counter() - started:.1f} s."
            )

    def cascade(self, options: dict[str, Any]) -> None:
        """Each organisation of the cascade, then its plan (aligned to its parent's), top down."""
        if options["reports"]:
            raise CommandError("--reports is for a single plan, not a cascade.")
        started = time.perf_counter()
        made: dict[str, Organisation] = {}
        levels: dict[str, list[int]] = {}  # level → [plans, items, seconds × 1000]
        for spec in generate_cascade(
            counties=options["counties"],
            cities=options["cities"],
            items=options["items"],
            city_items=options["city_items"],
            province_items=options["province_items"],
            seed=options["seed"],
            prefix=options["code"] or "generated",
        ):
            org, _new = organisation_ensure(
                code=spec.code,
                name=spec.name,
                level=spec.level,
                parent=made.get(spec.parent) if spec.parent else None,
                short_name=spec.short_name,
                is_demo=True,
            )
            made[spec.code] = org
            plan_started = time.perf_counter()
            try:
                result = plan_load(spec.data, replace=options["replace"], organisation=org)
            except PlanFileError as exc:
                raise CommandError(f"{spec.code}: {exc}") from exc
            level = levels.setdefault(spec.level, [0, 0, 0])
            level[0] += 1
            level[1] += result.items
            level[2] += round((time.perf_counter() - plan_started) * 1000)
            if options["verbosity"] > 1:
                self.stdout.write(f"  {spec.code}: {result.items} items")
        self.statistics()
        total = sum(level[1] for level in levels.values())
        self.stdout.write(
            f"Generated a cascade of {len(made)} organisations, {total} items in "
            f"{time.perf_counter() - started:.1f} s; database {database_size() / 2**20:.0f} MB."
        )
        for name, (plans, items, ms) in levels.items():
            self.stdout.write(
                f"  {name:<9} {plans:>4} plans  {items:>8} items  {ms / 1000:7.1f} s "
                f"({ms / max(1, items) * 1000:.0f} µs an item)"
            )
