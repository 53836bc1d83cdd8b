from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve luoshi with gunicorn, the production WSGI server."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("LUOSHI_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("LUOSHI_THREADS", "1")),
            help="Threads per worker; more than 1 uses gunicorn's gthread worker (for slow clients or a slow database; one thread gives the most requests per core).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "luoshi.wsgi:application",
            "--config",
            "python:luoshi.plans.gunicorn_config",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--access-logfile",
            "-",
            "--timeout",
            "120",
        ]
        if options["threads"] > 1:
            argv += ["--worker-class", "gthread", "--threads", str(options["threads"])]
        sys.stdout.flush()
        os.execv(sys.executable, argv)  # noqa: S606 - replaces this process with the server
