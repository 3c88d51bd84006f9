"""Child processes (MkDocs, chart workers) end with the build that started them, even after kill -9."""
from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent_pid: int | None = None) -> None:
    """Linux: ask the kernel to kill this process when its parent dies. If the parent is already gone (it died
    before this ran), exit now. Elsewhere a no-op: there the next build removes what an orphan left."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)
