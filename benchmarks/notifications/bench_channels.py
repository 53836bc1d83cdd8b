"""Time what the channels add to a reminder run and how fast the worker sends. Prints figures; not a test.

    python benchmarks/notifications/bench_channels.py [--units 100] [--deliveries 200]

Uses a fresh SQLite database in its own data folder (/tmp/luoshi-bench-notifications) unless DATABASE_URL
is set, and a local HTTP server on 127.0.0.1 as every channel's receiver.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
DATA = "/tmp/luoshi-bench-notifications"
os.environ.setdefault("LUOSHI_DATA_DIR", DATA)
os.environ.setdefault("LUOSHI_DEMO", "1")
os.environ.setdefault("LUOSHI_CHANNEL_PRIVATE_HOSTS", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        data = json.dumps({"errcode": 0, "errmsg": "ok"}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--deliveries", type=int, default=200)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ:
        shutil.rmtree(DATA, ignore_errors=True)
        Path(DATA).mkdir(parents=True)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from luoshi.accounts.models import Role
    from luoshi.notifications.deliveries import deliveries_send
    from luoshi.notifications.models import Channel, Delivery
    from luoshi.notifications.services import Message, notifications_send
    from luoshi.testing import PlanFactory, UnitFactory, UserFactory, make_organisation

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"

    org = make_organisation("测评县", code="bench-notifications")
    plan = PlanFactory(organisation=org)
    users = []
    for n in range(args.units):
        unit = UnitFactory(name=f"单位{n}", organisation=org, contact_phone=f"1380000{n:04d}")
        users.append(UserFactory(username=f"bench{n}", role=Role.REPORTER, unit=unit, organisation=org))

    def run(key: str) -> float:
        started = time.perf_counter()
        notifications_send(
            plan=plan,
            messages=[Message(u, "due", key, "3 项报送将于 10-05 截止", "", "/reports/mine/") for u in users],
        )
        return (time.perf_counter() - started) * 1000

    print(f"{args.units} reporters in {args.units} units, one reminder each:")
    kinds = ["dingtalk", "wecom", "json"]
    for channels in (0, 1, 3):
        while Channel.objects.count() < channels:
            kind = kinds[Channel.objects.count()]
            Channel.objects.create(
                organisation=org, kind=kind, name=kind, url=f"{url}/{kind}?key=k", secret="s"
            )
        times = [run(f"due:{channels}:{r}") for r in range(5)]
        print(
            f"  notifications_send with {channels} channel(s): p50 {statistics.median(times):7.1f} ms"
            f"  max {max(times):7.1f} ms  ({Delivery.objects.count()} deliveries queued so far)"
        )
    pending = Delivery.objects.filter(state="pending").count()
    extra = list(Delivery.objects.filter(state="pending").order_by("id").values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=extra[: max(pending - args.deliveries, 0)]).delete()
    todo = Delivery.objects.filter(state="pending").count()
    started = time.perf_counter()
    sent = 0
    while True:
        batch = deliveries_send(limit=50)
        sent += batch
        if not batch:
            break
    seconds = time.perf_counter() - started
    print(
        f"deliveries_send: {sent} of {todo} sent to a local server in {seconds:.2f} s ({sent / seconds:.0f}/s)"
    )
    httpd.shutdown()


if __name__ == "__main__":
    main()
