"""Whether a running call is within its limit, judged by the CPU time its cgroup accounts.

A call may compute for its limit in CPU seconds, which a busy machine does not change, and it may
not sit idle (sleep, or wait for something that never comes) past the same number of seconds on
the clock. Computing slowly because the machine is busy is neither, and neither is waiting for the
grader: a call that waits for a CPU piles up time in the run queue, one whose printing fills the
output pipe faster than a busy grader empties it hands over output, a sleeping one does neither.
So a loop and a sleep are both stopped after about their limit, and a correct answer is not
stopped because the machine is loaded. A watch without a limit (an import's) only says whether the
call sits idle now (`quiet`), which lets a batch start another job meanwhile (`activity.py`).
"""
from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

IDLE_WINDOW = 0.25  # seconds of the clock over which a call's CPU use is judged
IDLE_SHARE = 0.01  # less than this share of one CPU (computing or waiting for one) over a window: the call is idle
POLL = 0.05  # seconds between two looks at most
POLL_MIN = 0.005  # and at least: near its limit, a call is looked at this often
CPUS = os.cpu_count() or 1  # a call's threads spend CPU time at most this many times faster than the clock


def _nothing() -> float:
    return 0.0


@dataclass
class CpuWatch:
    """One call's CPU budget: `over()` says when it is spent, or the call idles past it."""

    read: Callable[[], float | None]  # the cgroup's CPU seconds so far
    limit: float
    started: float  # this process's clock when the call was sent
    start_cpu: float
    waited: Callable[[], float] = _nothing  # seconds the group's threads have waited for a CPU so far
    output: Callable[[], float] = _nothing  # bytes of the call's output the grader has taken in so far
    mark: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # (clock, CPU, waited, output) when the window began
    spent: bool = False  # it computed for its whole limit
    idle: bool = False  # it computed nothing for a window, past its limit
    quiet: bool = False  # it computed nothing in the last whole window
    used: float = 0.0  # CPU seconds it had used at the last look

    @classmethod
    def start(cls, read: Callable[[], float | None], limit: float = math.inf, waited: Callable[[], float] = _nothing,
              output: Callable[[], float] = _nothing) -> CpuWatch | None:
        """A watch from now on, or None where no CPU time is accounted."""
        cpu = read()
        if cpu is None:
            return None
        now = time.monotonic()
        return cls(read, limit, now, cpu, waited, output, (now, cpu, waited(), output()))

    def over(self) -> bool:
        used = self.read()
        if used is None:
            return False
        now = time.monotonic()
        self.used = used - self.start_cpu
        if self.used > self.limit:
            self.spent = True
            return True
        since, cpu, waited, output = self.mark
        if now - since < IDLE_WINDOW:
            return False
        waited_now, output_now = self.waited(), self.output()
        self.quiet = self._idle(now - since, used - cpu, waited_now - waited, output_now - output)
        if self.quiet and now - self.started >= self.limit:
            self.idle = True
            return True
        self.mark = (now, used, waited_now, output_now)
        return False

    def pause(self) -> float:
        """How long until the next look: the soonest the call could spend its limit (all CPUs busy), within bounds."""
        return min(POLL, max(POLL_MIN, (self.limit - self.used) / CPUS))

    @staticmethod
    def _idle(window: float, computed: float, waited: float, printed: float) -> bool:
        return computed + max(waited, 0.0) < IDLE_SHARE * window and printed <= 0
