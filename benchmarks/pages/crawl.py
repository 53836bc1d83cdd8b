"""Every role's pages on a large plan, each timed once warm: finds the page that grows with the plan.
Prints the pages slower than a threshold (and every page with --all); asserts nothing.

    DATABASE_URL=$(scripts/pg.sh) python benchmarks/pages/crawl.py [--items 50000] [--slower 150] [--all]

Uses the plan and people of ``benchmarks/load/mixed.py`` (the same database, made by it if missing):
the office, a leader and a unit reporter of the generated plan. Each page is asked twice (the first
warms the templates) and the second is reported: wall time, CPU time, queries and size.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "load"))

import mixed  # noqa: E402  (sets up the environment and the database's name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=50000)
    parser.add_argument("--slower", type=float, default=150, help="report pages slower than this (ms)")
    parser.add_argument("--all", action="store_true", help="report every page")
    args = parser.parse_args()
    mixed.create_database()
    mixed.prepare(args.items, users=2, reporter_share=0.5)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from luoshi.accounts.models import Role, User
    from luoshi.plans.models import Item, Leader, Plan

    plan = Plan.objects.get(code=mixed.CODE)
    leader = Leader.objects.filter(organisation_id=plan.organisation_id).order_by("pk").first()
    people = [User.objects.get(username="load-office")]
    if leader is not None:
        user, _new = User.objects.get_or_create(
            username="load-leader",
            defaults={"role": Role.LEADER, "organisation_id": plan.organisation_id, "leader_id": leader.pk},
        )
        people.append(user)
    people += list(User.objects.filter(username__startswith="load-reporter-").order_by("pk")[:1])
    leaf = Item.objects.filter(plan=plan, numchild=0).order_by("path").first()
    widest = Item.objects.filter(plan=plan).order_by("-numchild", "path").first()
    assert leaf is not None and widest is not None
    code = plan.code
    pages = [
        "/todo/",
        "/plans/",
        f"/plans/{code}/",
        f"/plans/{code}/?status=red",
        f"/plans/{code}/dashboard/",
        f"/plans/{code}/dashboard/items/?status=red",
        f"/items/{leaf.pk}/",
        f"/items/{widest.pk}/",
        f"/items/{widest.pk}/children/",
        f"/items/{leaf.pk}/report/",
        "/reports/",
        "/notifications/",
        "/calendar/",
        f"/timeline/plans/{code}/",
        f"/todo/plans/{code}/notices/",
        f"/todo/plans/{code}/chase/",
        f"/todo/plans/{code}/reassign/",
        f"/api/plans/{code}/items?limit=100&offset={args.items // 2}",
    ]
    print(f"{'person':<18} {'page':<48} {'status':>6} {'wall':>8} {'CPU':>8} {'queries':>7} {'size':>8}")
    for person in people:
        client = Client(HTTP_ACCEPT_LANGUAGE="zh-CN", HTTP_HOST="127.0.0.1")
        client.force_login(person)
        own = Item.objects.filter(plan=plan, numchild=0, lead_unit_id=person.unit_id).order_by("path").first()
        report = f"/items/{(own or leaf).pk}/report/"
        for page in [report if p.endswith("/report/") else p for p in pages]:
            client.get(page)
            wall, cpu = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page)
            wall_ms = (time.perf_counter() - wall) * 1000
            cpu_ms = (time.process_time() - cpu) * 1000
            if args.all or wall_ms > args.slower or response.status_code >= 500:
                print(
                    f"{person.username:<18} {page:<48} {response.status_code:>6} {wall_ms:6.0f}ms "
                    f"{cpu_ms:6.0f}ms {len(queries.captured_queries):>7} {len(response.content) / 1024:6.0f}KB",
                    flush=True,
                )


if __name__ == "__main__":
    main()
