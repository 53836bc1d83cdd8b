"""Child processes that end with their parent (Linux), so nothing is left holding a port."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGTERM) -> bool:
    """Ask the kernel to send ``sig`` to this process when its parent exits, even by SIGKILL.

    Call it in the child right after fork. Returns False where the call does not exist (not Linux).
    """
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return bool(libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0)


def die_with_parent_or_exit(parent_pid: int, sig: int = signal.SIGTERM) -> None:
    """``die_with_parent``, and exit now if the parent is already gone (it died before the call)."""
    die_with_parent(sig)
    if os.getppid() != parent_pid:
        os._exit(0)
