"""A mixed load of many signed-in users against ``luoshi serve``: requests per second, latency per
kind of request, errors, and the app servers' memory and CPU afterwards. Prints figures; asserts nothing.

    DATABASE_URL=$(scripts/pg.sh) python benchmarks/load/mixed.py \\
        [--items 50000] [--users 200] [--duration 60] [--workers 2] [--threads 1] [--think 0.5 1.5]

The plan (``luoshi generate --items N --code load``) is made once in a database of its own
(``<name>_load_bench`` on PostgreSQL, a file under ``$LUOSHI_DATA_DIR`` otherwise) and reused. The
script starts ``luoshi serve`` on a free port with the given workers and threads, signs every virtual
user in (a session made in the database: the password hash would otherwise dominate the start),
then lets them work for the duration: office users open the tree page, items, the dashboard and the
API's item list (100 rows at a random offset); unit reporters open their item and save a draft report
of this period (the form read, then posted with its revision). Each user waits 0.5–1.5 s between
requests, as a person would. The load generator is this process's threads: its CPU time is printed
too, since it shares the machine's cores with the server.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookies
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("LUOSHI_DATA_DIR", str(Path(tempfile.gettempdir()) / "luoshi-load-bench"))
os.environ.setdefault("LUOSHI_DEMO", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
os.environ["LUOSHI_TESTING"] = "0"
from benchmarks.databases import create_database, use_own_database  # noqa: E402

use_own_database("load_bench")

CODE = "load"


@dataclass
class Setup:
    office_sessions: list[str]
    reporter_sessions: list[tuple[str, list[int]]]
    item_ids: list[int]
    plan_code: str


def prepare(items: int, users: int, reporter_share: float) -> Setup:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from luoshi.accounts.models import Role, User
    from luoshi.plans.models import Item, Plan

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    plan = Plan.objects.filter(code=CODE).first()
    if plan is None or plan.items.count() != items:
        started = time.perf_counter()
        call_command("generate", items=items, code=CODE, replace=plan is not None, verbosity=0)
        plan = Plan.objects.get(code=CODE)
        print(f"generated a plan of {items} items in {time.perf_counter() - started:.0f} s", flush=True)
    item_ids = list(Item.objects.filter(plan=plan).values_list("pk", flat=True))
    reporters = max(1, round(users * reporter_share)) if reporter_share > 0 else 0
    office = users - reporters

    def session(user: User) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    office_user, _new = User.objects.get_or_create(
        username="load-office", defaults={"role": Role.OFFICE, "organisation_id": plan.organisation_id}
    )
    office_sessions = [session(office_user) for _ in range(office)]
    units = list(
        Item.objects.filter(plan=plan, numchild=0, lead_unit__isnull=False)
        .values_list("lead_unit_id", flat=True)
        .distinct()
        .order_by("lead_unit_id")
    )
    reporter_sessions = []
    for n in range(reporters):
        unit_id = units[n % len(units)]
        user, _new = User.objects.get_or_create(
            username=f"load-reporter-{unit_id}",
            defaults={"role": Role.REPORTER, "organisation_id": plan.organisation_id, "unit_id": unit_id},
        )
        leaves = list(
            Item.objects.filter(plan=plan, numchild=0, lead_unit_id=unit_id).values_list("pk", flat=True)[:50]
        )
        reporter_sessions.append((session(user), leaves))
    return Setup(office_sessions, reporter_sessions, item_ids, plan.code)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, kind: str, ms: float, status: int, expected: tuple[int, ...]) -> None:
        with self.lock:
            self.latencies[kind].append(ms)
            if status not in expected:
                self.errors[f"{kind} HTTP {status}"] += 1


class Browser:
    """One person's connection: keeps the session and CSRF cookies, reconnects when the server closes."""

    def __init__(self, port: int, session: str) -> None:
        self.port = port
        self.cookies = {"sessionid": session}
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, str]:
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Accept-Language": "zh-CN",
            "Host": f"127.0.0.1:{self.port}",
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt:
                    return 599, "", ""
        for value in response.headers.get_all("Set-Cookie") or []:
            cookie: http.cookies.SimpleCookie = http.cookies.SimpleCookie(value)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return response.status, response.getheader("Location", ""), data


def timed(
    results: Results, kind: str, call: object, expected: tuple[int, ...] = (200,)
) -> tuple[int, str, str]:
    started = time.perf_counter()
    status, location, body = call()  # type: ignore[operator]
    results.add(kind, (time.perf_counter() - started) * 1000, status, expected)
    return status, location, body


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REVISION = re.compile(r'name="revision" value="(\d*)"')


def save_report(browser: Browser, results: Results, item_id: int) -> None:
    path = f"/items/{item_id}/report/"
    status, location, body = timed(results, "report form", lambda: browser.request("GET", path), (200, 302))
    if status == 302:
        path = urllib.parse.urlsplit(location).path
        status, _location, body = timed(results, "report form", lambda: browser.request("GET", path))
    if status != 200 or "/edit/" not in path and "/report/" not in path:
        return  # a submitted report: nothing to save this period
    token, revision = CSRF.search(body), REVISION.search(body)
    if token is None:
        return
    form = {
        "csrfmiddlewaretoken": token.group(1),
        "revision": revision.group(1) if revision else "0",
        "work_done": f"本月推进情况 {random.randint(1, 10**6)}",
        "progress": str(random.randint(1, 99)),
        "problems": "",
        "next_steps": "",
    }
    timed(
        results,
        "report save",
        lambda: browser.request("POST", path, urllib.parse.urlencode(form)),
        (200, 302),
    )


def office_user(
    port: int, session: str, setup: Setup, results: Results, until: float, think: tuple[float, float]
) -> None:
    browser = Browser(port, session)
    rng = random.Random()
    code = setup.plan_code
    while time.monotonic() < until:
        time.sleep(rng.uniform(*think))
        roll = rng.random()
        if roll < 0.3:
            timed(results, "tree page", lambda: browser.request("GET", f"/plans/{code}/"))
        elif roll < 0.6:
            item = rng.choice(setup.item_ids)
            timed(results, "item page", lambda item=item: browser.request("GET", f"/items/{item}/"))
        elif roll < 0.8:
            timed(results, "dashboard", lambda: browser.request("GET", f"/plans/{code}/dashboard/"))
        else:
            offset = rng.randrange(0, max(1, len(setup.item_ids) - 100))
            timed(
                results,
                "API list 100",
                lambda offset=offset: browser.request(
                    "GET", f"/api/plans/{code}/items?limit=100&offset={offset}"
                ),
            )


def reporter_user(
    port: int, session: str, leaves: list[int], results: Results, until: float, think: tuple[float, float]
) -> None:
    browser = Browser(port, session)
    rng = random.Random()
    while time.monotonic() < until:
        time.sleep(rng.uniform(*think))
        item = rng.choice(leaves)
        if rng.random() < 0.5:
            timed(results, "item page", lambda item=item: browser.request("GET", f"/items/{item}/"))
        else:
            save_report(browser, results, item)
            time.sleep(rng.uniform(*think))


def server_processes(master: int) -> list[int]:
    pids = [master]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.append(int(entry.name))
    return pids


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(len(ordered) * p) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=50000)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--warm", type=float, default=10, help="seconds of load before measuring")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--think", type=float, nargs=2, default=(0.5, 1.5))
    parser.add_argument("--reporters", type=float, default=0.2, help="share of the users who are reporters")
    args = parser.parse_args()
    create_database()
    setup = prepare(args.items, args.users, args.reporters)
    from django.db import connections

    connections.close_all()
    port = free_port()
    env = {**os.environ, "WEB_CONCURRENCY": str(args.workers)}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "luoshi",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(600):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        warm = Browser(
            port, setup.office_sessions[0] if setup.office_sessions else setup.reporter_sessions[0][0]
        )
        for path in (f"/plans/{setup.plan_code}/", f"/plans/{setup.plan_code}/dashboard/"):
            for _ in range(args.workers * 2):
                warm.request("GET", path)
        warmup, measured = Results(), Results()
        until_warm = time.monotonic() + args.warm
        until = until_warm + args.duration
        think = tuple(args.think)
        threads: list[threading.Thread] = []

        def run(target: object, *a: object) -> None:
            # The first seconds' results are a warm-up; each user switches to the measured set after.
            def body() -> None:
                target(*a, warmup, until_warm, think)  # type: ignore[operator]
                target(*a, measured, until, think)  # type: ignore[operator]

            t = threading.Thread(target=body, daemon=True)
            t.start()
            threads.append(t)

        for session in setup.office_sessions:
            run(office_user, port, session, setup)
        for session, leaves in setup.reporter_sessions:
            run(reporter_user, port, session, leaves)
        time.sleep(args.warm)
        pids = server_processes(server.pid)
        cpu_before = sum(cpu_seconds(p) for p in pids)
        own_before = time.process_time()
        started = time.monotonic()
        for t in threads:
            t.join(timeout=args.duration + args.warm + 180)
        elapsed = time.monotonic() - started
        cpu_used = sum(cpu_seconds(p) for p in server_processes(server.pid)) - cpu_before
        own_used = time.process_time() - own_before
        rss = {p: rss_mb(p) for p in server_processes(server.pid)}
    finally:
        server.terminate()
        server.wait(timeout=30)
    total = sum(len(v) for v in measured.latencies.values())
    every = [ms for v in measured.latencies.values() for ms in v]
    print(
        f"{args.users} users ({len(setup.reporter_sessions)} reporters), think {think[0]}–{think[1]} s, "
        f"{args.workers} workers × {args.threads} threads, {args.items} items, "
        f"{'PostgreSQL' if os.environ.get('DATABASE_URL', '').startswith('postgres') else 'SQLite'}"
    )
    print(
        f"{total} requests in {elapsed:.1f} s: {total / elapsed:.1f} requests/s; "
        f"p50 {percentile(every, 0.5):.0f} ms, p95 {percentile(every, 0.95):.0f} ms, "
        f"p99 {percentile(every, 0.99):.0f} ms; errors {sum(measured.errors.values())}"
    )
    print(f"{'request':<14} {'count':>6} {'p50':>8} {'p95':>8} {'p99':>8}")
    for kind in sorted(measured.latencies):
        values = measured.latencies[kind]
        print(
            f"{kind:<14} {len(values):>6} {statistics.median(values):6.0f}ms "
            f"{percentile(values, 0.95):6.0f}ms {percentile(values, 0.99):6.0f}ms"
        )
    for kind, count in sorted(measured.errors.items()):
        print(f"  error: {kind} × {count}")
    print(
        f"server CPU {cpu_used:.1f} s in {elapsed:.1f} s ({cpu_used / elapsed:.2f} cores; "
        f"{cpu_used / max(total, 1) * 1000:.1f} ms a request); load generator CPU {own_used:.1f} s"
    )
    print(
        f"memory after the run: master {rss.get(server.pid, 0):.0f} MB, workers "
        + ", ".join(f"{mb:.0f}" for pid, mb in rss.items() if pid != server.pid)
        + f" MB; together {sum(rss.values()):.0f} MB, workers alone "
        f"{sum(mb for pid, mb in rss.items() if pid != server.pid):.0f} MB"
    )


if __name__ == "__main__":
    main()
