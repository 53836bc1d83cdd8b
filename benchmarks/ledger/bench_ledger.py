"""Time the ledger out and in on a large generated plan, with peak memory. Prints figures; not a test.

    python benchmarks/ledger/bench_ledger.py [--items 50000]
    python benchmarks/ledger/bench_ledger.py --plan generated-50000 --user bench

With ``--plan``, only the two export responses of that existing plan (DATABASE_URL as it is, nothing
written): the CPU of each request in this process, one untimed request, then three timed.

Uses a fresh data folder (LUOSHI_DATA_DIR, default a temporary one) and SQLite unless DATABASE_URL
is set. Measures, each on its own:
  export      the plan as xlsx (and as CSV)
  import new  the exported file into an empty plan: read + preview, then apply (every row new)
  re-import   the same file into the plan it came from: read + preview (every row unchanged)
  monthly     the same file after every leaf's progress changed in the plan: read, preview, apply
Timings come first; then each step runs again under tracemalloc for its peak Python heap (slower).
The apply step runs in a transaction that is rolled back, so every pass starts from the same data.
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=50000)
    parser.add_argument("--no-memory", action="store_true", help="skip the (slower) memory pass")
    parser.add_argument("--plan", help="time the export responses of this existing plan instead")
    parser.add_argument("--user", default="bench", help="with --plan: the user signed in")
    args = parser.parse_args()

    import django

    django.setup()
    if args.plan:
        responses(args.plan, args.user)
        return
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import F

    from luoshi.accounts.models import Role, User
    from luoshi.ledger import services
    from luoshi.ledger.export import ledger_csv_bytes, ledger_write_xlsx
    from luoshi.ledger.models import LedgerImport
    from luoshi.plans.generate import generate_plan_data
    from luoshi.plans.models import Item, Plan
    from luoshi.status.changes import plan_load

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

    content = export()

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

    state: dict[str, Any] = {}

    def import_preview() -> Any:
        state["imp"] = preview_into(new_plan())
        return state["imp"].counts

    def import_apply() -> Any:
        with transaction.atomic():
            result = services.ledger_import_apply(ledger_import=state["imp"], user=office)
            transaction.set_rollback(True)  # leave the database as it was for the next pass
        return result

    def reimport_preview() -> Any:
        return preview_into(plan).counts

    def monthly_update() -> Any:
        # Every leaf's progress differs from the file: the import writes them all back.
        with transaction.atomic():
            Item.objects.filter(plan=plan, numchild=0).update(
                progress=(F("progress") + 1) % 100, version=F("version") + 1
            )
            imp = preview_into(plan)
            result = services.ledger_import_apply(ledger_import=imp, user=office)
            transaction.set_rollback(True)
        return result

    steps: list[tuple[str, Callable[[], Any]]] = [
        ("export xlsx", export),
        ("export csv", lambda: ledger_csv_bytes(plan)),
        ("import new: read + preview", import_preview),
        ("import new: apply", import_apply),
        ("re-import same plan: read + preview", reimport_preview),
        ("re-import, every leaf changed: all", monthly_update),
    ]
    print(f"xlsx file: {len(content) / 2**20:.1f} MB")
    seconds: dict[str, float] = {}
    for label, fn in steps:
        started = time.perf_counter()
        result = fn()
        seconds[label] = time.perf_counter() - started
        shown = "" if isinstance(result, bytes) else f"  {result}"
        print(f"{label:<38} {seconds[label]:7.2f} s{shown}", flush=True)
    total = seconds["import new: read + preview"] + seconds["import new: apply"]
    print(f"{'import new: total':<38} {total:7.2f} s")
    if args.no_memory:
        return
    print("peak Python heap (tracemalloc, a second pass of each step):")
    for label, fn in steps:
        tracemalloc.start()
        fn()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{label:<38} {peak / 2**20:7.1f} MB", flush=True)


def responses(code: str, username: str) -> None:
    from django.conf import settings
    from django.test import Client

    from luoshi.accounts.models import User

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(User.objects.get(username=username))
    for suffix in ("csv", "xlsx"):
        url = f"/ledger/plans/{code}/ledger.{suffix}"

        def get(url: str = url) -> bytes:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return b"".join(response.streaming_content)  # type: ignore[attr-defined]

        get()
        samples = []
        for _ in range(3):
            started = time.process_time()
            size = len(get())
            samples.append((time.process_time() - started) * 1000)
        print(f"{url:<45} CPU {min(samples):,.0f}-{max(samples):,.0f} ms, {size:,} B", flush=True)


if __name__ == "__main__":
    main()
