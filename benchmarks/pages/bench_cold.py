"""A fresh process's first request: how long Django's start and the first page take. Prints figures;
asserts nothing.

    python benchmarks/pages/bench_cold.py [--runs 7] [--path /plans/<code>/] [--compile] [--against DIR]

Uses the database of DATABASE_URL (or the demo's SQLite file) as it is: it needs a plan (``luoshi demo
--no-serve`` or a page benchmark run before). Each run is a new Python process that starts as a server does
(it imports ``luoshi.wsgi`` as a gunicorn worker does: Django set up, the middleware and so the URLs
loaded), then asks the WSGI application for the page twice, signed in (the tree page of the first plan an
office login sees unless ``--path`` says otherwise). The CPU times are the figures to compare
on a loaded machine (the minimum is the run least disturbed by others); wall times include waiting for
the processor.

The processes read compiled bytecode, as a server does from its second start on: a first, untimed run
writes it to a private cache (``PYTHONPYCACHEPREFIX``, a temporary directory), so an environment that
forbids writing bytecode (``PYTHONDONTWRITEBYTECODE``) or a source tree newer than its ``__pycache__``
does not add the compiling of the changed modules to every run. ``--compile`` measures without that
cache, as the environment has it. ``--against DIR`` runs another checkout too (a git worktree of an
earlier commit), the two alternating, and prints the figures of each.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import os, sys, time, json
started = time.perf_counter()
cpu_started = time.process_time()
sys.path.insert(0, {root!r})
os.environ.setdefault("LUOSHI_DEMO", "1")
os.environ["LUOSHI_TESTING"] = "0"
from luoshi.wsgi import application  # what a gunicorn worker imports: Django set up, the middleware loaded
setup = time.perf_counter()
setup_cpu = time.process_time()
start_modules = len(sys.modules)
import io
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from luoshi.accounts.access import plans_visible
from luoshi.accounts.models import Role, User
settings.ALLOWED_HOSTS = ["*"]
user = User.objects.filter(role=Role.OFFICE, is_active=True).first()
path = {path!r} or f"/plans/{{plans_visible(user).order_by('pk').first().code}}/"
session = import_module(settings.SESSION_ENGINE).SessionStore()  # a signed-in browser's session
session[SESSION_KEY] = user._meta.pk.value_to_string(user)
session[BACKEND_SESSION_KEY] = next(
    b for b in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(b), "get_user")
)
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.save()
times, cpu, status = [], [], []
for _ in range(2):
    environ = {{
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "",
        "SERVER_NAME": "localhost", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "localhost:8000", "HTTP_COOKIE": f"{{settings.SESSION_COOKIE_NAME}}={{session.session_key}}",
        "REMOTE_ADDR": "127.0.0.1", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http", "wsgi.version": (1, 0), "wsgi.multithread": False,
        "wsgi.multiprocess": True, "wsgi.run_once": False,
    }}
    t, c = time.perf_counter(), time.process_time()
    body = b"".join(application(environ, lambda s, h, e=None: status.append(int(s[:3]))))
    times.append((time.perf_counter() - t) * 1000)
    cpu.append((time.process_time() - c) * 1000)
print(json.dumps({{
    "setup": (setup - started) * 1000, "first": times[0], "second": times[1],
    "setup_cpu": (setup_cpu - cpu_started) * 1000, "first_cpu": cpu[0], "second_cpu": cpu[1],
    "start_modules": start_modules, "modules": len(sys.modules), "status": status[-1], "bytes": len(body),
}}))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--path", default="")
    parser.add_argument("--compile", action="store_true", help="no bytecode cache: as the environment has it")
    parser.add_argument(
        "--against",
        metavar="DIR",
        help="another checkout of luoshi (e.g. a git worktree): run both, alternating",
    )
    args = parser.parse_args()
    trees = [ROOT] + ([Path(args.against).resolve()] if args.against else [])
    env = dict(os.environ)
    cache = None
    if not args.compile:
        cache = tempfile.mkdtemp(prefix="luoshi-bench-cold-")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = cache
    rows: dict[Path, list[dict[str, float]]] = {tree: [] for tree in trees}
    try:
        # With the cache, a first run of each tree writes its bytecode and is not counted.
        for run in range(args.runs + (cache is not None)):
            for tree in trees:
                code = CHILD.format(root=str(tree), path=args.path)
                out = subprocess.run(
                    [sys.executable, "-c", code],
                    capture_output=True,
                    text=True,
                    env=env,
                    cwd=tree,
                    check=True,
                )
                if cache is None or run > 0:
                    rows[tree].append(json.loads(out.stdout.strip().splitlines()[-1]))
    finally:
        if cache is not None:
            shutil.rmtree(cache, ignore_errors=True)
    for tree in trees:
        assert all(r["status"] == 200 for r in rows[tree]), rows[tree]
        if len(trees) > 1:
            print(tree)
        for key, label in (
            ("setup", "start (setup, URLs)"),
            ("first", "first request"),
            ("second", "second request"),
            ("setup_cpu", "start, CPU time"),
            ("first_cpu", "first request, CPU time"),
            ("second_cpu", "second request, CPU time"),
            ("start_modules", "modules loaded at start"),
            ("modules", "modules after the requests"),
        ):
            values = sorted(r[key] for r in rows[tree])
            unit = "" if "modules" in key else " ms"
            print(
                f"{label:<26} median {statistics.median(values):7.1f}{unit}   min {values[0]:7.1f}{unit}"
                f"   max {values[-1]:7.1f}{unit}"
            )


if __name__ == "__main__":
    main()
