"""Whether a running call is within its limit, judged by the CPU time its cgroup accounts.

A call may compute for its limit in CPU seconds, which a busy machine does not change, and it may
not sit idle (sleep, or wait for something that never comes) past the same number of seconds on
the clock. Computing slowly because the machine is busy is neither: a process that waits for a
CPU still gets a share of one every few milliseconds, a sleeping one gets none. So a loop and a
sleep are both stopped after about their limit, and a correct answer is not stopped because the
machine is loaded.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

IDLE_WINDOW = 0.25  # seconds of the clock over which a call's CPU use is judged
IDLE_SHARE = 0.01  # less than this share of one CPU over a window: the call is not computing


@dataclass
class CpuWatch:
    """One call's CPU budget: `over()` says when it is spent, or the call idles past it."""

    read: Callable[[], float | None]  # the cgroup's CPU seconds so far
    limit: float
    started: float  # this process's clock when the call was sent
    start_cpu: float
    mark: tuple[float, float]  # (clock, CPU seconds) at the start of the current window
    spent: bool = False  # it computed for its whole limit
    idle: bool = False  # it computed nothing for a window, past its limit

    @classmethod
    def start(cls, read: Callable[[], float | None], limit: float) -> CpuWatch | None:
        """A watch from now on, or None where no CPU time is accounted."""
        cpu = read()
        if cpu is None:
            return None
        now = time.monotonic()
        return cls(read, limit, now, cpu, (now, cpu))

    def over(self) -> bool:
        used = self.read()
        if used is None:
            return False
        now = time.monotonic()
        if used - self.start_cpu > self.limit:
            self.spent = True
            return True
        since, cpu = self.mark
        if now - since >= IDLE_WINDOW:
            if now - self.started >= self.limit and used - cpu < IDLE_SHARE * (now - since):
                self.idle = True
                return True
            self.mark = (now, used)
        return False
