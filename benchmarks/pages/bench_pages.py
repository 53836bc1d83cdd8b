"""Median time of the tree page and the item page, on the demo plan and on a generated plan, and of an
update of a leaf through the one recompute step (the parent's roll-up, colours, history, figures).

    python benchmarks/pages/bench_pages.py [--items 50000] [--repeat 15] [--shape generated|wide|flat]

Shapes: ``generated`` is luoshi generate's realistic tree; ``wide`` is 15 pillars of about 3,334
children each; ``flat`` is every item a pillar. The fragment and item page rows use the item with
the most children.

Uses DATABASE_URL if set (PostgreSQL: the database is emptied first), otherwise a fresh SQLite
file in a temporary folder. Prints figures; asserts nothing.
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
from luoshi.commands.management.commands.demo import DEMO_FILE  # noqa: E402
from luoshi.plans.generate import generate_plan_data  # noqa: E402
from luoshi.plans.loader import read_plan_file  # noqa: E402
from luoshi.plans.models import Item, Plan  # noqa: E402
from luoshi.status import changes  # noqa: E402
from luoshi.status.changes import plan_load  # noqa: E402


def shaped_plan_data(*, items: int, shape: str) -> dict[str, object]:
    data = generate_plan_data(items=items, code="bench", rng=random.Random(1))
    if shape == "generated":
        return data
    template = data["items"][0]  # type: ignore[index]
    leaf = {k: v for k, v in template.items() if k not in ("children", "milestones")}

    def item(number: str, kind: str) -> dict[str, object]:
        return {**leaf, "kind": kind, "number": number, "title": f"{kind}{number}"}

    if shape == "flat":
        data["items"] = [item(str(i + 1), "pillar") for i in range(items)]
        return data
    pillars = 15
    per = -(-items // pillars) - 1
    roots = []
    for p in range(pillars):
        root = item(str(p + 1), "pillar")
        root["children"] = [item(f"{p + 1}.{c + 1}", "task") for c in range(per)]
        roots.append(root)
    data["items"] = roots
    return data


def timed(client: Client, url: str, repeat: int) -> tuple[float, float, int]:
    size = len(client.get(url).content)  # warm
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)], size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=50000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--shape", choices=["generated", "wide", "flat"], default="generated")
    parser.add_argument("--reuse", action="store_true", help="measure the plans a previous run loaded")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    if args.reuse and Plan.objects.filter(code="bench").exists():
        demo = Plan.objects.exclude(code="bench").order_by("pk").first()
        big, load_s = Plan.objects.get(code="bench"), 0.0
    else:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        demo = plan_load(read_plan_file(DEMO_FILE)).plan
        started = time.perf_counter()
        big = plan_load(shaped_plan_data(items=args.items, shape=args.shape)).plan
        load_s = time.perf_counter() - started
    assert demo is not None
    user, _new = User.objects.get_or_create(username="bench", defaults={"role": Role.OFFICE})
    client = Client()
    client.force_login(user)
    g341 = Item.objects.get(plan=demo, title="国道341线改建工程")
    deep = Item.objects.filter(plan=big).order_by("-depth", "path").first()
    widest = Item.objects.filter(plan=big).order_by("-numchild", "path").first()
    assert deep is not None and widest is not None
    print(
        f"database: {connection.vendor}; generated {args.items} items ({args.shape}) in {load_s:.1f} s; "
        f"widest item has {widest.numchild} children"
    )
    for label, url in [
        ("tree page, demo plan", f"/plans/{demo.code}/"),
        ("item page, demo plan (G341)", f"/items/{g341.pk}/"),
        (f"tree page, {args.items}-item plan", f"/plans/{big.code}/"),
        (f"children fragment, {widest.numchild} children", f"/items/{widest.pk}/children/"),
        (f"item page, {widest.numchild} children", f"/items/{widest.pk}/"),
        (f"item page, {args.items}-item plan (depth {deep.depth})", f"/items/{deep.pk}/"),
    ]:
        median, p95, size = timed(client, url, args.repeat)
        print(f"{label:<48} median {median:7.1f} ms   p95 {p95:7.1f} ms   {size / 1024:8.0f} KB", flush=True)
    samples = []
    for round_ in range(args.repeat):
        leaf = Item.objects.get(pk=deep.pk)
        start = time.perf_counter()
        changes.item_update(
            item_id=leaf.pk,
            expected_version=leaf.version,
            data={"progress": (leaf.progress + 7 + round_) % 100},
            allowed_fields={"progress"},
        )
        if leaf.depth > 1:  # a flat plan's items have no parent
            Item.objects.get(path=leaf.path[: -Item.steplen], plan=big).progress  # noqa: B018
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    label = f"update a leaf, read the parent ({args.items} items)"
    print(
        f"{label:<48} median {statistics.median(samples):7.1f} ms   p95 {samples[max(0, int(len(samples) * 0.95) - 1)]:7.1f} ms"
    )


if __name__ == "__main__":
    main()
