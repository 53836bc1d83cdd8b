"""A fresh process's first request: how long Django's start and the first page take. Prints figures;
asserts nothing.

    python benchmarks/pages/bench_cold.py [--runs 7] [--path /plans/<code>/]

Uses the database of DATABASE_URL (or the demo's SQLite file) as it is: it needs a plan (``luoshi demo
--no-serve`` or a page benchmark run before). Each run is a new Python process that starts as a server does
(Django set up, the middleware and so the URLs loaded), then asks for the page twice (the tree page of the first plan an office login sees unless ``--path`` says otherwise). The CPU times
are the figures to compare on a loaded machine; wall times include waiting for the processor.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import os, sys, time, json
started = time.perf_counter()
cpu_started = time.process_time()
sys.path.insert(0, {root!r})
os.environ.setdefault("LUOSHI_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
os.environ["LUOSHI_TESTING"] = "0"
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
client.handler.load_middleware()  # what a server does when it starts: the URLs are imported here
setup = time.perf_counter()
setup_cpu = time.process_time()
from luoshi.accounts.access import plans_visible
from luoshi.accounts.models import Role, User
settings.ALLOWED_HOSTS = ["*"]
user = User.objects.filter(role=Role.OFFICE, is_active=True).first()
path = {path!r} or f"/plans/{{plans_visible(user).order_by('pk').first().code}}/"
client.force_login(user)
times, cpu = [], []
for _ in range(2):
    t, c = time.perf_counter(), time.process_time()
    status = client.get(path).status_code
    times.append((time.perf_counter() - t) * 1000)
    cpu.append((time.process_time() - c) * 1000)
print(json.dumps({{
    "setup": (setup - started) * 1000, "first": times[0], "second": times[1],
    "setup_cpu": (setup_cpu - cpu_started) * 1000, "first_cpu": cpu[0], "second_cpu": cpu[1],
    "modules": len(sys.modules), "status": status,
}}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--path", default="")
    args = parser.parse_args()
    code = CHILD.format(root=str(ROOT), path=args.path)
    rows = []
    for _ in range(args.runs):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, check=True
        )
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    assert all(r["status"] == 200 for r in rows), rows
    for key, label in (
        ("setup", "start (setup, URLs)"),
        ("first", "first request"),
        ("second", "second request"),
        ("setup_cpu", "start, CPU time"),
        ("first_cpu", "first request, CPU time"),
        ("second_cpu", "second request, CPU time"),
        ("modules", "modules loaded"),
    ):
        values = sorted(r[key] for r in rows)
        unit = "" if key == "modules" else " ms"
        print(f"{label:<26} median {statistics.median(values):7.1f}{unit}   max {values[-1]:7.1f}{unit}")


if __name__ == "__main__":
    main()
