"""Leaving nothing behind: what a grader that was stopped or killed left in /tmp and the cgroups.

A stopped grader cleans up itself: SIGTERM and SIGHUP become KeyboardInterrupt (like SIGINT), so every
session's `finally` kills its worker and removes its scratch folder and cgroup. A grader that
was killed outright (SIGKILL, a power cut) cannot; the next one to start removes what belongs
to graders that no longer run (scratch folders and cgroups carry their grader's pid).
"""
from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path

from .cgroup import Cgroup
from .session import SCRATCH_PREFIX


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep(folder: str | None = None) -> int:
    """Remove the scratch folders of graders that are gone; returns how many."""
    removed = 0
    for path in Path(folder or tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*"):
        owner = path.name[len(SCRATCH_PREFIX):].split("-")[0]
        if owner.isdigit() and not _alive(int(owner)):
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
    Cgroup.sweep_stale()
    return removed


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def stop_on_signals() -> None:
    """SIGTERM and SIGHUP end the grader like Ctrl-C does: through every `finally` (main thread only).

    Ctrl-C itself too when the grader was started with SIGINT ignored, which Python would otherwise
    keep: a shell does that to every command it runs in the background, Jupyter to its kernels'
    children. A grader that ignores it runs on to its limits (a submission sleeping at import: 20 s).
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, _interrupt)
