"""Time the plan as of a date on a large plan with a year of history. Prints figures; not a test.

    DATABASE_URL=$(scripts/pg.sh) python benchmarks/history/asof.py [--items 50000] [--share 0.6] [--runs 15] [--pages]

The plan is loaded once by ``luoshi generate`` (the loader writes one history record per item). A
year of history is then written the way the services write it, in bulk: for each month of 2020 a
share of the leaves gets a new progress, i.e. a history record ("~", a copy of the item's row with the
new progress, stamped mid-month) and, for every item, that month's colour record (``StatusRecord``,
stamped when rated), as the recompute step writes them; the live items end with December's figures.
It is written once and reused (``--regenerate`` to write it again). With PostgreSQL, the script uses
its own database (``<name>_history_bench``) so that it does not fill the shared one, and vacuums and
analyses it before timing, as autovacuum keeps tables in use (the as-of pages read index-only).
``--pages`` times the pages alone (tree and item as of a date), not the whole plan and comparisons.

    DATABASE_URL=postgres://…/luoshi_load_bench python benchmarks/history/asof.py --existing generated-50000 [--user bench]

``--existing`` times the history pages of a plan already in DATABASE_URL's database, as it is (nothing
written): the CPU time of each request in this process (min–max of ``--runs``) and its size.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("LUOSHI_DATA_DIR", "/tmp/history-bench")
os.environ.setdefault("LUOSHI_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
from benchmarks.databases import create_database, use_own_database  # noqa: E402

if "--existing" not in sys.argv:
    use_own_database("history_bench")


def _year_of_history(plan: Any, share: float) -> None:
    from django.db import transaction
    from django.utils import timezone

    from luoshi.history.selectors import HistoricalItem
    from luoshi.plans.models import Item
    from luoshi.status.models import StatusRecord

    rng = random.Random(7)
    tz = timezone.get_current_timezone()
    start = dt.datetime(2020, 1, 1, 8, tzinfo=tz)
    HistoricalItem.objects.filter(plan_id=plan.pk).update(history_date=start)
    StatusRecord.objects.filter(plan=plan).delete()
    fields = [f.attname for f in HistoricalItem._meta.concrete_fields if not f.name.startswith("history_")]
    leaves = list(Item.objects.filter(plan=plan, numchild=0).values(*[f for f in fields if f != "id"], "id"))
    everything = list(Item.objects.filter(plan=plan).values_list("id", flat=True))
    progress = {leaf["id"]: 0 for leaf in leaves}
    colours = ["green", "green", "green", "yellow", "red", "done"]
    for month in range(1, 13):
        stamp = dt.datetime(2020, month, 15, 10, tzinfo=tz)
        rows = []
        with transaction.atomic():
            for leaf in leaves:
                if rng.random() >= share:
                    continue
                progress[leaf["id"]] = min(100, progress[leaf["id"]] + rng.randint(3, 15))
                rows.append(
                    HistoricalItem(
                        **{**leaf, "progress": progress[leaf["id"]]},
                        history_date=stamp,
                        history_type="~",
                    )
                )
            HistoricalItem.objects.bulk_create(rows, batch_size=5000)
            StatusRecord.objects.bulk_create(
                [
                    StatusRecord(
                        plan=plan,
                        item_id=pk,
                        period=dt.date(2020, month, 1),
                        status=rng.choice(colours),
                        progress=progress.get(pk, 0),
                    )
                    for pk in everything
                ],
                batch_size=5000,
            )
            StatusRecord.objects.filter(plan=plan, period=dt.date(2020, month, 1)).update(recorded_at=stamp)
        print(f"  {month:2d}/2020: {len(rows)} history records, {len(everything)} colour records", flush=True)
    Item.objects.bulk_update(
        [Item(pk=pk, progress=p) for pk, p in progress.items()], ["progress"], batch_size=5000
    )


def _times(fn: Any, runs: int) -> tuple[float, float, Any]:
    result = fn()
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, round(0.95 * len(times)) - 1)], result


def _whole_plan(plan: Any, when: dt.datetime, runs: int) -> None:
    """The whole plan rebuilt, its item query, and two dates compared."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from luoshi.history import selectors

    with CaptureQueriesContext(connection) as queries:
        states = selectors.plan_as_of(plan, when)
    print(f"plan_as_of 2020-06-30: {len(states)} items, {len(queries)} queries")
    p50, p95, _r = _times(lambda: selectors.plan_as_of(plan, when), runs)
    print(f"  full plan rebuilt:       p50 {p50:7.0f} ms   p95 {p95:7.0f} ms")
    p50, p95, _r = _times(lambda: selectors.item_rows_as_of(plan, when), runs)
    print(f"  of which the item query: p50 {p50:7.0f} ms   p95 {p95:7.0f} ms")
    later = when.replace(month=9)
    p50, p95, result = _times(lambda: selectors.compare_dates(plan, when, later), max(3, runs // 3))
    print(f"  compare 06-30 → 09-30:   p50 {p50:7.0f} ms   p95 {p95:7.0f} ms {result.counts()}")


def _existing(code: str, username: str, runs: int, save: str | None) -> None:
    """The history pages of an existing plan: CPU and wall ms of a request in this process (min–max
    of ``runs``, after one untimed request) and its size; with ``save``, each page's HTML there."""
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from luoshi.accounts.models import User
    from luoshi.plans.models import Item

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(User.objects.get(username=username))
    today = timezone.localdate()
    month_ago = (today - dt.timedelta(days=30)).isoformat()
    leaf = (
        Item.objects.filter(plan__code=code, numchild=0).order_by("path").values_list("pk", flat=True)[2000]
    )
    base = f"/history/plans/{code}"
    pages = [
        ("figures", f"{base}/figures/?on={today}"),
        ("compare-month", f"{base}/compare/?from={month_ago}&to={today}"),
        ("compare-today", f"{base}/compare/?from={today}&to={today}"),
        ("compare-added-page-3", f"{base}/compare/?from={month_ago}&to={today}&show=added&page=3"),
        ("tree", f"{base}/?on={today}"),
        ("item", f"/history/items/{leaf}/?on={today}"),
    ]
    for label, url in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if save:
            (Path(save) / f"{label}.html").write_bytes(response.content)
        cpu, wall = [], []
        for _run in range(runs):
            gc.collect()
            started, ticked = time.process_time(), time.perf_counter()
            client.get(url)
            cpu.append((time.process_time() - started) * 1000)
            wall.append((time.perf_counter() - ticked) * 1000)
        print(
            f"  {label:22s} CPU {min(cpu):6.0f}–{max(cpu):<6.0f} ms   wall {min(wall):6.0f}–{max(wall):<6.0f} ms"
            f"   {len(response.content) / 1024:6.1f} KB",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=50000)
    parser.add_argument("--share", type=float, default=0.6, help="Share of leaves changed each month.")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument(
        "--pages", action="store_true", help="Only the pages (tree, item), not the whole plan."
    )
    parser.add_argument("--existing", metavar="CODE", help="Time the pages of this plan, as it is.")
    parser.add_argument("--user", default="bench", help="Who asks the pages (with --existing).")
    parser.add_argument("--save", metavar="DIR", help="Write each page's HTML there (with --existing).")
    args = parser.parse_args()
    if args.existing:
        import django

        django.setup()
        _existing(args.existing, args.user, args.runs, args.save)
        return
    create_database()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from luoshi.accounts.models import Role, User
    from luoshi.history import selectors, views
    from luoshi.history.views import end_of_day
    from luoshi.plans.models import Item, Plan

    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    code = f"history-{args.items}"
    plan = Plan.objects.filter(code=code).first()
    history_rows = selectors.HistoricalItem.objects.filter(plan_id=plan.pk).count() if plan else 0
    if plan is None or args.regenerate or history_rows <= args.items:
        started = time.perf_counter()
        call_command("generate", items=args.items, code=code, replace=True)
        plan = Plan.objects.get(code=code)
        plan.status_date = None
        plan.save(update_fields=["status_date"])
        _year_of_history(plan, args.share)
        print(f"plan and a year of history written in {time.perf_counter() - started:.0f} s")
    # Units and leaders were made with the plan, now: date their records with the plan's first.
    first = selectors.HistoricalItem.objects.filter(plan_id=plan.pk).order_by("history_date")[0].history_date
    for model in (selectors.HistoricalUnit, selectors.HistoricalLeader):
        model.objects.filter(history_date__gt=first).update(history_date=first)
    if connection.vendor == "postgresql":
        # As autovacuum leaves the tables in use (the index-only scans need the visibility map).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    history_rows = selectors.HistoricalItem.objects.filter(plan_id=plan.pk).count()
    print(
        f"database: {connection.vendor}; items: {Item.objects.filter(plan=plan).count()}; "
        f"item history records: {history_rows}"
    )
    when = end_of_day(dt.date(2020, 6, 30))
    if not args.pages:
        _whole_plan(plan, when, args.runs)
    rows = views.PAGE_ROWS
    with CaptureQueriesContext(connection) as queries:
        selectors.plan_as_of_page(plan, when, limit=rows)
    p50, p95, _r = _times(lambda: selectors.plan_as_of_page(plan, when, limit=rows), args.runs)
    print(
        f"  first page of the tree:  p50 {p50:7.0f} ms   p95 {p95:7.0f} ms ({len(_r[0])} rows, {len(queries)} queries)"
    )
    last = max(Item.objects.filter(plan=plan, depth=1).values_list("path", flat=True))
    p50, p95, _r = _times(lambda: selectors.plan_as_of_page(plan, when, after=last, limit=rows), args.runs)
    print(f"  a page of the last pillar: p50 {p50:5.0f} ms   p95 {p95:7.0f} ms ({len(_r[0])} rows)")
    p50, p95, _r = _times(lambda: selectors.plan_as_of_page(plan, when, limit=500), args.runs)
    print(f"  a page of 500 rows:      p50 {p50:7.0f} ms   p95 {p95:7.0f} ms")
    # The whole plans rebuilt above are garbage now: out of the way of the requests' timings.
    gc.collect()
    office, _new = User.objects.get_or_create(
        username="bench-history-office", defaults={"role": Role.OFFICE, "organisation": plan.organisation}
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(office)
    leaf = Item.objects.filter(plan=plan, numchild=0).order_by("path").values_list("pk", flat=True)[2000]
    pages = [
        ("tree page as of", f"/history/plans/{code}/?on=2020-06-30", args.runs),
        ("item page as of", f"/history/items/{leaf}/?on=2020-06-30", args.runs),
    ]
    if not args.pages:
        compare = f"/history/plans/{code}/compare/?from=2020-06-30&to=2020-09-30"
        pages.append(("compare page", compare, max(3, args.runs // 3)))
    for label, url, runs in pages:
        assert client.get(url).status_code == 200, url
        p50, p95, _r = _times(lambda url=url: client.get(url), runs)
        print(f"  {label:24s} p50 {p50:7.0f} ms   p95 {p95:7.0f} ms")


if __name__ == "__main__":
    main()
