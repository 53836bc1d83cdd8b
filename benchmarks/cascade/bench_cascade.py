"""A city of many counties: p50/p95 of the city's dashboard (with its ranking of the counties and its
pillars' roll-up from below) and of a city item's page and roll-up, whose county items carry it out.

    DATABASE_URL=$(scripts/pg.sh) python benchmarks/cascade/bench_cascade.py [--counties 12]
        [--items 5000] [--city-items 2000] [--repeat 20]

Each county gets a generated plan of ``--items`` items (luoshi.plans.generate, loaded with
``plan_load(data, organisation=...)``); the city a plan of ``--city-items``. Every county pillar is
aligned to the city pillar of the same place, and every county task to the city task of the same
place under it. Uses DATABASE_URL if set (PostgreSQL: the database is emptied first), otherwise a
fresh SQLite file in a temporary folder. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("LUOSHI_DATA_DIR", tempfile.mkdtemp(prefix="luoshi-bench-"))
os.environ.setdefault("LUOSHI_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
os.environ["LUOSHI_TESTING"] = "0"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from luoshi.accounts.models import Role, User  # noqa: E402
from luoshi.dashboard import cascade  # noqa: E402
from luoshi.organisations.models import Organisation  # noqa: E402
from luoshi.plans.generate import generate_plan_data  # noqa: E402
from luoshi.plans.models import Item, Plan  # noqa: E402
from luoshi.status.changes import plan_load  # noqa: E402


def _org(name: str, code: str, level: str, parent: Organisation | None) -> Organisation:
    org = Organisation(code=code, name=name, level=level)
    if parent is None:
        return Organisation.objects.add_root(instance=org)  # type: ignore[no-any-return]
    return Organisation.objects.add_child(Organisation.objects.get(pk=parent.pk), instance=org)  # type: ignore[no-any-return]


def _load(org: Organisation, code: str, items: int, seed: int) -> Plan:
    data = generate_plan_data(items=items, code=code, rng=random.Random(seed))
    data["plan"]["name"] = f"{org.name}工作要点"  # type: ignore[index]
    data["plan"]["issuer"] = org.name  # type: ignore[index]
    return plan_load(data, organisation=org).plan


def _align(city: Plan, county: Plan) -> int:
    """County pillar n → city pillar n; county task m of pillar n → city task m of pillar n."""
    steps = Item.steplen
    targets = dict(Item.objects.filter(plan=city, depth__lte=2).values_list("path", "pk"))
    lower = list(Item.objects.filter(plan=county, depth__lte=2).only("id", "path"))
    city_roots = list(Item.objects.filter(plan=city, depth=1).order_by("path").values_list("path", flat=True))
    county_roots = list(
        Item.objects.filter(plan=county, depth=1).order_by("path").values_list("path", flat=True)
    )
    # Every plan's pillars are roots of one tree: match places under the roots, not whole paths.
    root_map = dict(zip(county_roots, city_roots, strict=False))
    for item in lower:
        root = root_map.get(item.path[:steps])
        if root is not None:
            item.aligned_to_id = targets.get(root + item.path[steps:])
    Item.objects.bulk_update(lower, ["aligned_to"], batch_size=2000)
    return sum(1 for i in lower if i.aligned_to_id)


def timed(client: Client, url: str, repeat: int) -> tuple[float, float, int]:
    size = len(client.get(url).content)  # warm
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return _p50_p95(samples) + (size,)


def _p50_p95(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counties", type=int, default=12)
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--city-items", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    city = _org("示例市", "bench-city", Organisation.Level.CITY, None)
    city_plan = _load(city, "bench-city", args.city_items, 0)
    aligned = 0
    for n in range(1, args.counties + 1):
        county = _org(f"示例{n:02d}县", f"bench-county-{n:02d}", Organisation.Level.COUNTY, city)
        aligned += _align(city_plan, _load(county, f"bench-county-{n:02d}", args.items, n))
    load_s = time.perf_counter() - started
    user = User.objects.create(username="bench-city", role=Role.OFFICE, organisation=city)
    client = Client()
    client.force_login(user)
    pillar = Item.objects.filter(plan=city_plan, depth=1).order_by("path").first()
    assert pillar is not None
    below = Item.objects.filter(aligned_to=pillar).count()
    total = Item.objects.count()
    print(
        f"database: {connection.vendor}; {total} items ({args.counties} counties × {args.items} + "
        f"{args.city_items} of the city) loaded in {load_s:.1f} s; {aligned} county items aligned; "
        f"{args.repeat} runs each"
    )
    for label, url in [
        ("city dashboard (ranking + pillars' roll-up)", f"/plans/{city_plan.code}/dashboard/"),
        (f"city pillar's item page ({below} items below)", f"/items/{pillar.pk}/"),
    ]:
        p50, p95, size = timed(client, url, args.repeat)
        print(f"{label:<48} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   {size / 1024:6.0f} KB", flush=True)
    user = User.objects.select_related("organisation").get(pk=user.pk)
    samples = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        cascade.item_rollup(user, pillar)
        samples.append((time.perf_counter() - start) * 1000)
    p50, p95 = _p50_p95(samples)
    print(f"{'roll-up selector of the city pillar':<48} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main()
