"""Time the ledger out and in on a large generated plan, with peak memory. Prints figures; not a test.

    python benchmarks/ledger/bench_ledger.py [--items 50000]

Uses a fresh data folder (LUOSHI_DATA_DIR, default a temporary one) and SQLite unless DATABASE_URL
is set. Measures, each on its own:
  export      the plan as xlsx (and as CSV)
  import new  the exported file into an empty plan: read + preview, then apply (every row new)
  re-import   the same file into the plan it came from: read + preview (every row unchanged)
Peak memory is the Python heap peak (tracemalloc) of a second, separately run pass of each step.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("LUOSHI_DATA_DIR", tempfile.mkdtemp(prefix="luoshi-ledger-bench-"))
os.environ.setdefault("LUOSHI_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")


def timed(
    label: str, fn: Callable[[], Any], *, memory: bool = True, again: Callable[[], Any] | None = None
) -> Any:
    started = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - started
    peak = ""
    if memory:
        tracemalloc.start()
        (again or fn)()
        _current, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        peak = f"  peak {top / 2**20:7.1f} MB"
    print(f"{label:<34} {seconds:7.2f} s{peak}", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=50000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    from luoshi.accounts.models import Role, User
    from luoshi.ledger import services
    from luoshi.ledger.export import ledger_csv_bytes, ledger_write_xlsx
    from luoshi.ledger.models import LedgerImport
    from luoshi.plans.generate import generate_plan_data
    from luoshi.plans.loader import plan_load
    from luoshi.plans.models import Item, Plan

    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    office, _ = User.objects.get_or_create(username="bench-office", defaults={"role": Role.OFFICE})
    code = f"ledger-bench-{args.items}"
    started = time.perf_counter()
    data = generate_plan_data(items=args.items, code=code, rng=random.Random(1))
    plan = plan_load(data, replace=True).plan
    print(
        f"database: {connection.vendor}; plan of {Item.objects.filter(plan=plan).count()} items loaded "
        f"in {time.perf_counter() - started:.1f} s"
    )

    def export() -> bytes:
        buf = io.BytesIO()
        ledger_write_xlsx(plan=plan, out=buf)
        return buf.getvalue()

    content = timed("export xlsx", export)
    print(f"{'':<34} {len(content) / 2**20:7.1f} MB file")
    timed("export csv", lambda: ledger_csv_bytes(plan))

    def new_plan() -> Plan:
        Plan.objects.filter(code=f"{code}-copy").delete()
        return Plan.objects.create(
            code=f"{code}-copy",
            name="copy",
            start_date=dt.date(2020, 1, 1),
            end_date=dt.date(2020, 12, 31),
            year=2020,
        )

    def preview_into(target: Plan) -> LedgerImport:
        imp = LedgerImport.objects.create(
            plan=target, created_by=office, filename="ledger.xlsx", content=content
        )
        services.ledger_import_preview(ledger_import=imp)
        return imp

    target = new_plan()
    imp = timed("import new: read + preview", lambda: preview_into(target), memory=False)
    print(f"{'':<34} {imp.counts}")

    def apply_once() -> Any:
        return services.ledger_import_apply(ledger_import=imp, user=office)

    def apply_rolled_back() -> None:
        with transaction.atomic():
            services.ledger_import_apply(ledger_import=imp, user=office)
            transaction.set_rollback(True)

    # Memory of the preview and the apply, each measured on a pass that leaves nothing behind.
    tracemalloc.start()
    preview_into(new_plan())
    print(
        f"{'import new: read + preview (memory)':<34} {'':>9}  peak {tracemalloc.get_traced_memory()[1] / 2**20:7.1f} MB"
    )
    tracemalloc.stop()
    target = new_plan()
    imp = preview_into(target)
    result = timed("import new: apply", apply_once, again=None, memory=False)
    print(f"{'':<34} {result}")
    target2 = new_plan()
    imp = preview_into(target2)
    tracemalloc.start()
    apply_rolled_back()
    print(
        f"{'import new: apply (memory)':<34} {'':>9}  peak {tracemalloc.get_traced_memory()[1] / 2**20:7.1f} MB"
    )
    tracemalloc.stop()

    imp = timed("re-import: read + preview", lambda: preview_into(plan))
    print(f"{'':<34} {imp.counts}")


if __name__ == "__main__":
    main()
