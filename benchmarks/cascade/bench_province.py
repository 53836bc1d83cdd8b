"""A province of cities of counties (≈700,000 items by default): the time to load it, the database's
size, and p50/p95 of the province's dashboard with the Django test client. Prints figures; not a test.

    DATABASE_URL=postgres://…/luoshi_bench python benchmarks/cascade/bench_province.py \\
        [--cities 11] [--counties 12] [--items 5000] [--city-items 2000] [--province-items 2000] [--runs 20]

The cascade is made by ``luoshi generate --cities M --counties N`` (each plan aligned to its parent's)
into the database DATABASE_URL names (default: SQLite in LUOSHI_DATA_DIR, /tmp/luoshi-bench-province);
a cascade already there (same --code) is reused, not loaded again. Give it a database of its own:
nothing is deleted, but 700,000 items take a few GB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("LUOSHI_DATA_DIR", "/tmp/luoshi-bench-province")
os.environ.setdefault("LUOSHI_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
os.environ["LUOSHI_TESTING"] = "0"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cities", type=int, default=11)
    parser.add_argument("--counties", type=int, default=12)
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--city-items", type=int, default=2000)
    parser.add_argument("--province-items", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--code", default="bench")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from luoshi.accounts.models import Role, User
    from luoshi.commands.management.commands.generate import database_size
    from luoshi.organisations.models import Organisation
    from luoshi.plans.models import Item, Plan

    settings.ALLOWED_HOSTS = ["*"]
    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    code = f"{args.code}-province"
    if not Plan.objects.filter(code=code).exists():
        started = time.perf_counter()
        call_command(
            "generate",
            cities=args.cities,
            counties=args.counties,
            items=args.items,
            city_items=args.city_items,
            province_items=args.province_items,
            code=args.code,
        )
        print(f"load: {time.perf_counter() - started:.1f} s", flush=True)
    province = Organisation.objects.get(code=code)
    plans = Plan.objects.filter(organisation__path__startswith=province.path)
    items = Item.objects.filter(plan__in=plans).count()
    aligned = Item.objects.filter(plan__in=plans, aligned_to__isnull=False).count()
    print(
        f"database: {connection.vendor}, {database_size() / 2**30:.2f} GB; {plans.count()} plans, "
        f"{items} items ({aligned} aligned to an item above)"
    )
    user, _made = User.objects.get_or_create(
        username="bench-province", defaults={"role": Role.OFFICE, "organisation": province}
    )
    client = Client()
    client.force_login(user)
    url = f"/plans/{code}/dashboard/"
    size = len(client.get(url).content)  # warm
    times = []
    for _run in range(args.runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    p95 = times[max(0, round(len(times) * 0.95) - 1)]
    print(
        f"province dashboard: p50 {statistics.median(times):.0f} ms  p95 {p95:.0f} ms  "
        f"max {times[-1]:.0f} ms  ({args.runs} runs, {size / 1024:.0f} KB)"
    )


if __name__ == "__main__":
    main()
