"""Waiting in slices, so that a signal stops the grader while it waits.

Python runs a signal's handler in the main thread, but the kernel may deliver a signal sent to the
process to any of its threads (numpy's BLAS threads, a batch's grading threads). Then only a flag
is set, and a main thread blocked in one long select() or lock wait sees it when that wait ends: a
grader stopped with Ctrl-C or SIGTERM while a submission slept at import went on for its whole
import limit (seen on a busy machine, where the main thread is less often the one on a CPU).
No wait here lasts longer than SLICE before Python looks at its signals again.
"""
from __future__ import annotations

import select
import time

SLICE = 0.5  # seconds: how late a signal may be handled at most (about)


def ready(read: list[int], write: list[int] = (), timeout: float | None = None) -> tuple[list[int], list[int]]:
    """select() until one of the descriptors is ready or `timeout` seconds (None: no limit) have passed."""
    deadline = None if timeout is None else time.monotonic() + max(timeout, 0.0)
    while True:
        left = SLICE if deadline is None else min(SLICE, max(0.0, deadline - time.monotonic()))
        readable, writable, _ = select.select(read, list(write), [], left)
        if readable or writable or (deadline is not None and time.monotonic() >= deadline):
            return readable, writable
