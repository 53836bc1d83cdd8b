"""The server's processes: nothing outlives the master, whichever way it stops."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def start(args: list[str], tmp_path: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "LUOSHI_DEMO": "1",
        "LUOSHI_DATA_DIR": str(tmp_path / "data"),
    }
    for name in ("DATABASE_URL", "LUOSHI_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "luoshi", *args],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_killing_the_master_frees_the_port_at_once(tmp_path: Path) -> None:
    port = free_port()
    master = start(["serve", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "2"], tmp_path)
    try:
        assert wait_for(lambda: listening(port) and len(children(master.pid)) == 2, 60)
        workers = children(master.pid)
        master.send_signal(signal.SIGKILL)
        master.wait()
        started = time.monotonic()
        assert wait_for(lambda: not any(alive(w) for w in workers) and port_free(port), 5)
        print(f"port free {time.monotonic() - started:.2f} s after SIGKILL of the master")
    finally:
        master.kill()
        for pid in children(master.pid):
            os.kill(pid, signal.SIGKILL)


def test_the_demo_worker_stops_with_the_server(tmp_path: Path) -> None:
    port = free_port()
    demo = start(["demo", "--bind", f"127.0.0.1:{port}"], tmp_path)

    def task_worker() -> int | None:
        for pid in children(demo.pid):
            try:
                if b"worker" in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0"):
                    return pid
            except OSError:
                continue
        return None

    try:
        assert wait_for(lambda: listening(port) and task_worker() is not None, 240)
        worker = task_worker()
        assert worker is not None
        demo.send_signal(signal.SIGTERM)
        demo.wait(timeout=30)
        assert wait_for(lambda: not alive(worker), 10)
    finally:
        demo.kill()
