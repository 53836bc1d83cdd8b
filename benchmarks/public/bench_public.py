"""Time the public page (公开) on a generated plan, published at 1, 2 and 3 levels. Prints figures; not a test.

    python benchmarks/public/bench_public.py --items 5000

Uses its own data folder (LUOSHI_DATA_DIR, default /tmp/luoshi-bench-public) and SQLite unless
DATABASE_URL is set. The generated plan is made once (``luoshi generate``) and reused.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("LUOSHI_DATA_DIR", "/tmp/luoshi-bench-public")
os.environ.setdefault("LUOSHI_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from luoshi.plans.models import Item, Plan
    from luoshi.public import services

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    code = f"generated-{args.items}"
    if not Plan.objects.filter(code=code).exists():
        call_command("generate", items=args.items, code=code, replace=True)
    plan = Plan.objects.get(code=code)
    client = Client()
    print(f"database: {connection.vendor}; plan: {code}; items: {Item.objects.filter(plan=plan).count()}")
    for levels in (1, 2, 3):
        services.publication_save(plan=plan, enabled=True, levels=levels)
        shown = Item.objects.filter(plan=plan, depth__lte=levels).count()
        times = []
        for _run in range(args.runs):
            started = time.perf_counter()
            response = client.get(f"/public/{code}/")
            times.append((time.perf_counter() - started) * 1000)
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):  # type: ignore[no-untyped-def]
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(f"/public/{code}/")
        etag = response["ETag"]
        started = time.perf_counter()
        not_modified = client.get(f"/public/{code}/", HTTP_IF_NONE_MATCH=etag)
        revalidate = (time.perf_counter() - started) * 1000
        print(
            f"levels {levels}: {shown:6d} items shown, {len(response.content) // 1024:5d} KiB, "
            f"{len(queries)} queries; p50 {statistics.median(times):7.1f} ms, max {max(times):7.1f} ms; "
            f"304 in {revalidate:.1f} ms ({not_modified.status_code})"
        )
    times = []
    for _run in range(args.runs):
        started = time.perf_counter()
        client.get("/public/")
        times.append((time.perf_counter() - started) * 1000)
    print(f"/public/ list: p50 {statistics.median(times):.1f} ms")


if __name__ == "__main__":
    main()
