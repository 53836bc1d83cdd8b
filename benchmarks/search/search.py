"""Time search and the tree's filter page on a large generated plan. Prints a table; not a test.

    python benchmarks/search/search.py [--items 50000] [--reports 20000] [--runs 20] [--regenerate]
    DATABASE_URL=$(scripts/pg.sh)/search_bench python benchmarks/search/search.py   # PostgreSQL

Uses its own data folder (LUOSHI_DATA_DIR, default /tmp/search-bench) and SQLite unless DATABASE_URL
is set. The plan is generated once (``luoshi generate --items N --reports M``), its items are given
descriptions from a small corpus of sentences (so that words occur at different rates), and reused.
Each page is fetched with the Django test client as the plan's office: the whole page, with its counts
per kind and its first hits.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("LUOSHI_DATA_DIR", "/tmp/search-bench")
os.environ.setdefault("LUOSHI_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")

SENTENCES = [
    "完成道路硬化",
    "推进农村饮水安全巩固提升",
    "新建污水管网",
    "实施老旧小区改造",
    "开展人居环境整治",
    "完成土地征收",
    "加快项目前期手续办理",
    "组织招商推介会",
    "建成标准化厂房",
    "推进煤矿智能化改造",
    "开展河道清淤",
    "完成植树造林",
    "落实耕地保护",
    "建设乡村振兴示范村",
    "完成学校改扩建",
    "推进医共体建设",
    "开展安全生产检查",
    "完善养老服务设施",
    "实施文物保护修缮",
    "建设智慧城市平台",
]
RARE = "隧道贯通"  # written into one description in a thousand


def describe(plan_id: int) -> int:
    """Give every item a description of two or three sentences, and one in a thousand the rare words."""
    from luoshi.plans.models import Item

    rng = random.Random(7)
    ids = list(Item.objects.filter(plan_id=plan_id).values_list("id", flat=True))
    batch = []
    for n, pk in enumerate(ids):
        text = "，".join(rng.sample(SENTENCES, rng.choice((2, 3))))
        if n % 1000 == 0:
            text += f"，{RARE}"
        batch.append(Item(pk=pk, description=text + "。"))
        if len(batch) == 2000:
            Item.objects.bulk_update(batch, ["description"])
            batch = []
    Item.objects.bulk_update(batch, ["description"])
    return len(ids)


def timed(client: object, url: str, runs: int) -> tuple[float, float, int]:
    for _warm in range(2):
        response = client.get(url)  # type: ignore[attr-defined]
        assert response.status_code == 200, (url, response.status_code)
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        response = client.get(url)  # type: ignore[attr-defined]
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, round(len(times) * 0.95) - 1)], len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=50000)
    parser.add_argument("--reports", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--regenerate", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from urllib.parse import quote

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from luoshi.accounts.models import Role, User
    from luoshi.plans.models import Item, Plan
    from luoshi.reports.models import Report
    from luoshi.search import backends, selectors

    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    code = f"search-{args.items}"
    plan = Plan.objects.filter(code=code).first()
    if plan is None or args.regenerate:
        started = time.perf_counter()
        call_command("generate", items=args.items, reports=args.reports, code=code, replace=True)
        plan = Plan.objects.get(code=code)
        described = describe(plan.pk)
        print(f"generate and describe {described} items: {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    items = Item.objects.filter(plan=plan).count()
    reports = Report.objects.filter(plan=plan).count()
    fts = connection.vendor == "sqlite" and backends._fts_ready("default", backends.ITEM)
    print(f"database: {connection.vendor}; items: {items}; reports: {reports}; sqlite fts5: {fts}")
    office, _created = User.objects.update_or_create(
        username="bench-search-office", defaults={"role": Role.OFFICE, "organisation": plan.organisation}
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(office)
    unit_id = Item.objects.filter(plan=plan, lead_unit__isnull=False).values_list("lead_unit_id", flat=True)[
        0
    ]
    today = plan.today()
    queries = [
        ("2 chars, common", "振兴"),
        ("2 chars, in descriptions", "道路"),
        ("2 chars, rare", "隧道"),
        ("2 chars, none", "火箭"),
        ("3 chars, common", "乡村振"),
        ("3 chars, rare", "隧道贯"),
        ("3 chars, none", "火箭发"),
        ("4 chars, common", "乡村振兴"),
        ("4 chars, rare", RARE),
        ("8 chars, two words", "道路硬化 污水管网"),
        ("long, none", "没有任何一个事项会写着这样一句很长的话"),
    ]
    print(f"{'page':<34}{'hits (items)':>14}{'p50 ms':>9}{'p95 ms':>9}")
    for label, q in queries:
        counts = {g.kind: g.count for g in selectors.search(office, selectors.query_terms(q)[1])}
        p50, p95, _size = timed(client, f"/search/?q={quote(q)}", args.runs)
        print(f"search: {label:<26}{counts['item']:>14}{p50:>9.1f}{p95:>9.1f}")
    filters = [
        ("tree, no filter", ""),
        ("filter: status=red", "status=red"),
        ("filter: unit", f"unit={unit_id}"),
        ("filter: overdue", "overdue=1"),
        ("filter: due within 30 days", "due_within=30"),
        ("filter: changed since today", f"changed_since={today.isoformat()}"),
        ("filter: unit+kind+overdue", f"unit={unit_id}&kind=measure&kind=project&overdue=1"),
    ]
    from django.http import QueryDict

    from luoshi.search.filters import item_filter_parse

    for label, query in filters:
        item_filter, _form = item_filter_parse(QueryDict(query), plan=plan)
        assert item_filter is not None
        n = selectors.filtered_items(plan, item_filter).count() if item_filter.active else items
        p50, p95, _size = timed(client, f"/plans/{code}/?{query}", args.runs)
        print(f"{label:<34}{n:>14}{p50:>9.1f}{p95:>9.1f}")
    if connection.vendor == "postgresql":
        for term in ("振兴", "隧道", "乡村振", "隧道贯", "G34"):
            found = Item.objects.filter(plan=plan).filter(backends.term_q(backends.ITEM, term))
            plan_text = found.explain()
            scan = "trigram index (bitmap)" if "Bitmap Index Scan" in plan_text else "sequential scan"
            print(f"PostgreSQL plan for the items holding {term!r}: {scan}")


if __name__ == "__main__":
    main()
