"""gunicorn settings that ``luoshi serve`` loads (``--config python:luoshi.plans.gunicorn_config``)."""

from __future__ import annotations

from typing import Any

from luoshi.lib.process import die_with_parent_or_exit


def post_fork(server: Any, worker: Any) -> None:
    # A worker whose master was killed (SIGKILL, OOM) would otherwise keep the port until its next
    # timeout check; with this the kernel stops it at once and the port is free for a new master.
    die_with_parent_or_exit(worker.ppid)
