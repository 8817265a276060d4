"""A uid per running sandbox, machine-wide: RLIMIT_NPROC counts processes per uid, so two
sandboxes under one uid could starve each other (one student's fork bomb failing another's
worker). Slots are flock()ed files in a lock folder; a slot is free again when its holder exits,
however it exits.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from ..catalog import STATE_DIR
from .limits import Limits

BASE_UID = 61000
MAX_SLOTS = 256


@contextlib.contextmanager
def uid_slot(limits: Limits) -> Iterator[Limits]:
    """The limits with a uid no other running sandbox on this machine uses (when root).

    Slots are machine-wide flock()s, so threads, processes, Dask workers and several
    batches on one machine never share a uid (RLIMIT_NPROC counts per uid). Slot s gives
    uid base + s with s >= 1 (`--sandbox-uid` moves the base). `dlgrade grade` takes a slot as
    well, so two graders started side by side (two terminals, two CI jobs) never share one.
    """
    if os.geteuid() != 0:
        yield limits
        return
    base = limits.uid if limits.uid is not None else BASE_UID
    folder = Path("/run/lock/dlgrade") if os.access("/run/lock", os.W_OK) else STATE_DIR / "slots"
    folder.mkdir(parents=True, exist_ok=True)
    while True:
        for slot in range(1, MAX_SLOTS + 1):
            fd = os.open(folder / f"uid-{base + slot}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                    raise
                continue
            try:
                yield replace(limits, uid=base + slot)
            finally:
                os.close(fd)  # releases the lock
            return
        time.sleep(0.2)
