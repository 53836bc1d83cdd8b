"""Time the leaders' dashboard on a large generated plan. Prints figures; not a test.

    python benchmarks/dashboard/bench_dashboard.py [--items 50000] [--reports 600000] [--runs 60] [--regenerate]

Uses its own data folder (LUOSHI_DATA_DIR, default /tmp/luoshi-bench) and SQLite unless DATABASE_URL
is set. The plan is generated once (``luoshi generate --items N --reports M``) and reused.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("LUOSHI_DATA_DIR", "/tmp/luoshi-bench")
os.environ.setdefault("LUOSHI_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=50000)
    parser.add_argument("--reports", type=int, default=600000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from luoshi.accounts.models import Role, User
    from luoshi.plans.models import Item, Plan
    from luoshi.reports.models import Report

    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    code = f"generated-{args.items}"
    plan = Plan.objects.filter(code=code).first()
    if plan is None or args.regenerate:
        started = time.perf_counter()
        call_command("generate", items=args.items, reports=args.reports, code=code, replace=True)
        print(
            f"generate --items {args.items} --reports {args.reports}: {time.perf_counter() - started:.1f} s"
        )
        plan = Plan.objects.get(code=code)
    print(
        f"database: {connection.vendor}; items: {Item.objects.filter(plan=plan).count()}; "
        f"reports: {Report.objects.filter(plan=plan).count()}"
    )
    leader, _created = User.objects.get_or_create(username="bench-leader", defaults={"role": Role.LEADER})
    client = Client(HTTP_HOST="localhost")
    client.force_login(leader)
    for label, url in (
        ("dashboard", f"/plans/{code}/dashboard/"),
        ("drill-down red", f"/plans/{code}/dashboard/items/?status=red"),
        ("drill-down missing", f"/plans/{code}/dashboard/items/?outcome=missing&unit="),
    ):
        for _warm in range(3):
            assert client.get(url).status_code == 200
        times = []
        for _run in range(args.runs):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        times.sort()
        p95 = times[max(0, round(len(times) * 0.95) - 1)]
        print(
            f"{label:<20} p50 {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  max {times[-1]:6.1f} ms  "
            f"queries {len(queries)}  ({args.runs} runs)"
        )


if __name__ == "__main__":
    main()
