"""Time bulletins and the assessment: on the demo plan, or on a large generated one. Prints figures; not a test.

    python benchmarks/bulletin/bench_bulletin.py                  # the demo plan (luoshi demo --no-serve)
    python benchmarks/bulletin/bench_bulletin.py --items 50000 --reports 600000

Uses its own data folder (LUOSHI_DATA_DIR, default /tmp/luoshi-bench-bulletin) and SQLite unless
DATABASE_URL is set. A generated plan is made once (``luoshi generate``) and reused.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("LUOSHI_DATA_DIR", "/tmp/luoshi-bench-bulletin")
os.environ.setdefault("LUOSHI_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")


def _time(label: str, runs: int, action: Callable[[], Any]) -> Any:
    times, result = [], None
    for _run in range(runs):
        started = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - started) * 1000)
    print(f"{label:<22} p50 {statistics.median(times):8.1f} ms  max {max(times):8.1f} ms  ({runs} runs)")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=0, help="0: the demo plan")
    parser.add_argument("--reports", type=int, default=0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from luoshi.accounts.models import Role, User
    from luoshi.assessment import services as assessment
    from luoshi.bulletins import services as bulletins
    from luoshi.bulletins.export import bulletin_docx, bulletin_pdf
    from luoshi.commands import daily
    from luoshi.plans.models import Item, Plan
    from luoshi.reports.models import ReportDue
    from luoshi.status.models import StatusRecord

    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    if args.items:
        code = f"generated-{args.items}"
        if not Plan.objects.filter(code=code).exists():
            call_command("generate", items=args.items, reports=args.reports, code=code, replace=True)
        plan = Plan.objects.get(code=code)
        if not StatusRecord.objects.filter(plan=plan).exists():
            daily.supervision_run(plan=plan)
    else:
        if not Plan.objects.exists():
            call_command("demo", no_serve=True)
        plan = Plan.objects.order_by("pk").first()
        assert plan is not None
    office, _created = User.objects.get_or_create(username="bench-office", defaults={"role": Role.OFFICE})
    print(
        f"database: {connection.vendor}; plan: {plan.code}; items: {Item.objects.filter(plan=plan).count()}; "
        f"reports due: {ReportDue.objects.filter(plan=plan).count()}; "
        f"status records: {StatusRecord.objects.filter(plan=plan).count()}"
    )
    bulletin = _time(
        "bulletin_generate", args.runs, lambda: bulletins.bulletin_generate(plan=plan, user=office)
    )
    pdf = _time("bulletin PDF", args.runs, lambda: bulletin_pdf(bulletin))
    docx = _time("bulletin docx", args.runs, lambda: bulletin_docx(bulletin))
    print(f"{'':<22} PDF {len(pdf) // 1024} KiB, docx {len(docx) // 1024} KiB")
    run = _time(
        "assessment_compute", args.runs, lambda: assessment.assessment_compute(plan=plan, user=office)
    )
    differences = _time("assessment_verify", args.runs, lambda: assessment.assessment_verify(run))
    print(
        f"{'':<22} {run.entries.count()} score entries, {run.scores.count()} units, differences: {differences}"
    )


if __name__ == "__main__":
    main()
