"""The tree page's status counts (``plan_counts``: one GROUP BY status over the plan's items) on a large
plan, with the query plan. Prints figures; asserts nothing.

    DATABASE_URL=... python benchmarks/pages/bench_tree_counts.py [--code CODE] [--runs 30]

Uses the database as it is: make the plan first (``luoshi generate --items 50000 --code CODE``). On
PostgreSQL it also times the query with a temporary index on (plan, status) and without one, in the same
run, so the two figures can be compared on a loaded machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("LUOSHI_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", default="")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from luoshi.plans.models import Item, Plan
    from luoshi.plans.selectors import plan_counts

    plan = Plan.objects.get(code=args.code) if args.code else Plan.objects.order_by("-pk").first()
    assert plan is not None
    print(f"database: {connection.vendor}; plan {plan.code}: {Item.objects.filter(plan=plan).count()} items")

    def timed(label: str) -> None:
        times = []
        for _run in range(args.runs):
            started = time.perf_counter()
            plan_counts(plan)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        print(
            f"{label:<34} p50 {statistics.median(times):6.1f} ms  "
            f"p95 {times[int(len(times) * 0.95) - 1]:6.1f} ms  ({args.runs} runs)"
        )

    def explain() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "EXPLAIN (ANALYZE, BUFFERS) SELECT status, COUNT(*) FROM plans_item WHERE plan_id = %s "
                "GROUP BY status",
                [plan.pk],
            )
            for (line,) in cursor.fetchall():
                print("    " + line)

    timed("plan_counts, as the schema is")
    if connection.vendor != "postgresql":
        return
    explain()
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'plans_item'")
        print("indexes:", ", ".join(sorted(row[0] for row in cursor.fetchall())))
        cursor.execute("CREATE INDEX IF NOT EXISTS bench_item_plan_status ON plans_item (plan_id, status)")
        cursor.execute("ANALYZE plans_item")
    try:
        timed("with an index on (plan, status)")
        explain()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS bench_item_plan_status")
    timed("without it again")


if __name__ == "__main__":
    main()
